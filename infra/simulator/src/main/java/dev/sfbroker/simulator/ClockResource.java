package dev.sfbroker.simulator;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /__sim/clock}: read the simulated time, advance it ({@code POST /__sim/clock/advance {"by":"PT2H"}}),
 * set it and freeze or resume it ({@code PUT {"now"?, "frozen"?}}), or reset it to the system clock (DELETE).
 * Every answer is the clock as {@code {"now","frozen"}}.
 */
final class ClockResource {

    private final SimClock clock;

    ClockResource(SimClock clock) {
        this.clock = clock;
    }

    ControlResponse get() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("now", clock.instant().toString());
        json.put("frozen", clock.isFrozen());
        return ControlResponse.ok(json);
    }

    ControlResponse advance(ControlRequest request) throws IOException {
        JsonBody body = request.body();
        Duration by = body.required("by", JsonCodec.DURATION);
        body.finish();
        clock.advance(by);
        return get();
    }

    ControlResponse set(ControlRequest request) throws IOException {
        JsonBody body = request.body();
        Optional<Instant> now = body.optional("now", JsonCodec.INSTANT);
        Optional<Boolean> frozen = body.optional("frozen", JsonCodec.BOOLEAN);
        body.finish();
        synchronized (clock) {
            frozen.filter(f -> f).ifPresent(f -> clock.freeze());
            now.ifPresent(clock::set);
            frozen.filter(f -> !f).ifPresent(f -> clock.resume());
        }
        return get();
    }

    ControlResponse reset() {
        clock.reset();
        return get();
    }
}
