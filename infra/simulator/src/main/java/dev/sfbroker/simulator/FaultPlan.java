package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Arms a fault on one endpoint: say when it fires (default: every call until cleared), then what it
 * does; the action method arms it at once and returns it.
 *
 * <pre>{@code
 * sim.faults().on(SimEndpoint.TOKEN).times(2).failWith(503);
 * sim.faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
 * sim.faults().on(SimEndpoint.TOKEN).once().gatewayTimeoutAfterApply();
 * sim.faults().on(SimEndpoint.REST_API).withProbability(0.1, 42).timeout(Duration.ofSeconds(30));
 * sim.faults().on(SimEndpoint.TOKEN).latency(Duration.ofMillis(300));          // until cleared
 * }</pre>
 */
public final class FaultPlan {

    private final SimFaults faults;
    private final SimEndpoint endpoint;
    private FaultTrigger trigger = new FaultTrigger.UntilCleared();

    FaultPlan(SimFaults faults, SimEndpoint endpoint) {
        this.faults = faults;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Fires on the next {@code count} calls to the endpoint, then disarms. */
    public FaultPlan times(int count) {
        trigger = new FaultTrigger.Times(count);
        return this;
    }

    /** Fires on the next call only. */
    public FaultPlan once() {
        return times(1);
    }

    /** Fires on each call with this probability, drawn from a {@link java.util.Random} seeded with {@code seed}. */
    public FaultPlan withProbability(double probability, long seed) {
        trigger = new FaultTrigger.Chance(probability, seed);
        return this;
    }

    /** Fires on every call until {@link SimFaults#clear()} (the default). */
    public FaultPlan untilCleared() {
        trigger = new FaultTrigger.UntilCleared();
        return this;
    }

    /** Delays the call by {@code delay}, then handles it. */
    public SimFault latency(Duration delay) {
        return arm(new FaultAction.Latency(delay));
    }

    /** Answers {@code status} with {@link FaultAction#MAINTENANCE_PAGE} as HTML instead of handling the call. */
    public SimFault failWith(int status) {
        return failWith(status, FaultAction.HTML, FaultAction.MAINTENANCE_PAGE);
    }

    /** Answers {@code status} with this body and content type instead of handling the call. */
    public SimFault failWith(int status, String contentType, String body) {
        return arm(new FaultAction.Fail(status, contentType, body));
    }

    /** Holds the call unanswered for {@code hold} (make it longer than the client's timeout), then closes the connection. */
    public SimFault timeout(Duration hold) {
        return arm(new FaultAction.Timeout(hold));
    }

    /** Handles the call for real, then drops the connection without a response byte. */
    public SimFault loseResponseAfterApply() {
        return arm(new FaultAction.LoseResponse());
    }

    /**
     * Handles the call for real, then answers a gateway's 504 page ({@link FaultAction#GATEWAY_TIMEOUT_PAGE},
     * HTML) instead of the real answer.
     */
    public SimFault gatewayTimeoutAfterApply() {
        return answerAfterApply(504, FaultAction.HTML, FaultAction.GATEWAY_TIMEOUT_PAGE);
    }

    /**
     * Handles the call for real, then answers {@code status} (200 to 599) with this body and content type
     * instead of the real answer: a gateway's 502, 503 or 504 page, or a 200 whose body is cut short.
     */
    public SimFault answerAfterApply(int status, String contentType, String body) {
        return arm(new FaultAction.AnswerAfterApply(status, contentType, body));
    }

    /** Arms an action built elsewhere (the control API). */
    SimFault arm(FaultAction action) {
        return faults.arm(new SimFault(endpoint, action, trigger));
    }
}
