package dev.sfbroker.simulator;

import java.util.Objects;

/** One armed fault: what it does ({@link FaultAction}) to which endpoint's calls, and when it fires. */
public final class SimFault {

    private final SimEndpoint endpoint;
    private final FaultAction action;
    private final FaultTrigger trigger;

    SimFault(SimEndpoint endpoint, FaultAction action, FaultTrigger trigger) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.action = Objects.requireNonNull(action, "action");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
    }

    public SimEndpoint endpoint() {
        return endpoint;
    }

    public FaultAction action() {
        return action;
    }

    FaultTrigger trigger() {
        return trigger;
    }

    @Override
    public String toString() {
        String when = switch (trigger) {
            case FaultTrigger.Times t -> t.remaining() + " of " + t.count() + " calls left";
            case FaultTrigger.Chance c -> "probability " + c.probability() + ", seed " + c.seed();
            case FaultTrigger.UntilCleared u -> "until cleared";
        };
        return "SimFault[" + endpoint.key() + ", " + action + ", " + when + "]";
    }
}
