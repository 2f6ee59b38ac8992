package dev.sfbroker.simulator;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;

/** A wait a fault puts into one call: injected latency, or the hold of a timeout. */
record Delay(Duration duration) {

    static final Delay NONE = new Delay(Duration.ZERO);

    Delay {
        Objects.requireNonNull(duration, "duration");
    }

    /** Sleeps for the duration; interrupted (the simulator is closing), the call ends as a failed connection. */
    void elapse() throws InterruptedIOException {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the simulator is closing");
        }
    }
}
