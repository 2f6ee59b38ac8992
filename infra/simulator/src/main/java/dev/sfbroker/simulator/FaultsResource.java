package dev.sfbroker.simulator;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /__sim/faults}: arm, list and clear {@link SimFaults} over HTTP. A fault is
 * {@code {"endpoint", "action", <the action's fields>, <when>}}: actions {@code latency} ({@code delay}),
 * {@code fail} ({@code status}, optional {@code contentType} and {@code body}), {@code timeout}
 * ({@code hold}), {@code loseResponse}, and {@code answerAfterApply} ({@code status}, optional
 * {@code contentType} and {@code body}: a gateway's 504 page by default); when: {@code times}, or
 * {@code probability} with an optional {@code seed}, or neither (until cleared).
 */
final class FaultsResource {

    static final JsonCodec<SimEndpoint> ENDPOINT = JsonCodec.parsed(
            "one of " + Arrays.stream(SimEndpoint.values()).map(SimEndpoint::key).toList(),
            FaultsResource::endpoint, SimEndpoint::key);

    private final SimFaults faults;

    FaultsResource(SimFaults faults) {
        this.faults = faults;
    }

    ControlResponse list() {
        return ControlResponse.ok(faults.armed().stream().map(FaultsResource::json).toList());
    }

    ControlResponse arm(ControlRequest request) throws IOException {
        JsonBody body = request.body();
        FaultPlan plan = faults.on(body.required("endpoint", ENDPOINT));
        FaultAction action = action(body);
        when(plan, body);
        body.finish();
        return ControlResponse.created(json(plan.arm(action)));
    }

    ControlResponse clear() {
        faults.clear();
        return ControlResponse.noContent();
    }

    ControlResponse clearEndpoint(ControlRequest request) {
        faults.clear(endpointOrNotFound(request.param(0)));
        return ControlResponse.noContent();
    }

    private static FaultAction action(JsonBody body) {
        String action = body.required("action", JsonCodec.STRING);
        try {
            return switch (action) {
                case "latency" -> new FaultAction.Latency(body.required("delay", JsonCodec.DURATION));
                case "fail" -> new FaultAction.Fail(body.required("status", JsonCodec.INT),
                        body.optional("contentType", JsonCodec.STRING).orElse(FaultAction.HTML),
                        body.optional("body", JsonCodec.STRING).orElse(FaultAction.MAINTENANCE_PAGE));
                case "timeout" -> new FaultAction.Timeout(body.required("hold", JsonCodec.DURATION));
                case "loseResponse" -> new FaultAction.LoseResponse();
                case "answerAfterApply" -> new FaultAction.AnswerAfterApply(body.required("status", JsonCodec.INT),
                        body.optional("contentType", JsonCodec.STRING).orElse(FaultAction.HTML),
                        body.optional("body", JsonCodec.STRING).orElse(FaultAction.GATEWAY_TIMEOUT_PAGE));
                default -> throw ControlException.badRequest("field 'action' must be one of latency, fail, timeout, "
                        + "loseResponse, answerAfterApply, not \"" + action + "\"");
            };
        } catch (IllegalArgumentException e) {
            throw ControlException.badRequest(e.getMessage());
        }
    }

    private static void when(FaultPlan plan, JsonBody body) {
        boolean times = body.has("times");
        boolean probability = body.has("probability");
        if (times && probability) {
            throw ControlException.badRequest("give 'times' or 'probability', not both");
        }
        try {
            if (times) {
                plan.times(body.take("times", JsonCodec.INT));
            } else if (probability) {
                plan.withProbability(body.take("probability", JsonCodec.NUMBER),
                        body.optional("seed", JsonCodec.LONG).orElse(0L));
            }
        } catch (IllegalArgumentException e) {
            throw ControlException.badRequest(e.getMessage());
        }
    }

    static Map<String, Object> json(SimFault fault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", fault.endpoint().key());
        switch (fault.action()) {
            case FaultAction.Latency latency -> {
                json.put("action", "latency");
                json.put("delay", latency.delay().toString());
            }
            case FaultAction.Fail fail -> {
                json.put("action", "fail");
                json.put("status", fail.status());
                json.put("contentType", fail.contentType());
                json.put("body", fail.body());
            }
            case FaultAction.Timeout timeout -> {
                json.put("action", "timeout");
                json.put("hold", timeout.hold().toString());
            }
            case FaultAction.LoseResponse lose -> json.put("action", "loseResponse");
            case FaultAction.AnswerAfterApply answer -> {
                json.put("action", "answerAfterApply");
                json.put("status", answer.status());
                json.put("contentType", answer.contentType());
                json.put("body", answer.body());
            }
        }
        switch (fault.trigger()) {
            case FaultTrigger.Times t -> {
                json.put("times", t.count());
                json.put("remaining", t.remaining());
            }
            case FaultTrigger.Chance c -> {
                json.put("probability", c.probability());
                json.put("seed", c.seed());
            }
            case FaultTrigger.UntilCleared u -> json.put("untilCleared", true);
        }
        return json;
    }

    private static SimEndpoint endpoint(String key) {
        for (SimEndpoint endpoint : SimEndpoint.values()) {
            if (endpoint.key().equals(key) || endpoint.name().equals(key)) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("no endpoint " + key);
    }

    private static SimEndpoint endpointOrNotFound(String key) {
        try {
            return endpoint(key);
        } catch (IllegalArgumentException e) {
            throw ControlException.notFound("no endpoint " + key + "; endpoints: "
                    + Arrays.stream(SimEndpoint.values()).map(SimEndpoint::key).toList());
        }
    }
}
