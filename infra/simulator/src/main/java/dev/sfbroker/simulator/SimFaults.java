package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Faults armed per endpoint (latency, 5xx, a response lost after
 * the token was issued; and timeouts, and an answer replaced after the call was applied). For each call, every armed latency that fires adds its delay,
 * and the first other fault that fires, in arming order, decides the outcome. Faulted calls are
 * counted like any other. Thread safe.
 */
public final class SimFaults {

    private final Map<SimEndpoint, List<SimFault>> byEndpoint = new EnumMap<>(SimEndpoint.class);

    SimFaults() {
        for (SimEndpoint endpoint : SimEndpoint.values()) {
            byEndpoint.put(endpoint, new CopyOnWriteArrayList<>());
        }
    }

    /** Starts arming a fault on the endpoint. */
    public FaultPlan on(SimEndpoint endpoint) {
        return new FaultPlan(this, endpoint);
    }

    /** The armed faults, endpoint by endpoint in arming order. */
    public List<SimFault> armed() {
        List<SimFault> all = new ArrayList<>();
        byEndpoint.values().forEach(all::addAll);
        return all;
    }

    /** Disarms every fault. */
    public void clear() {
        byEndpoint.values().forEach(List::clear);
    }

    /** Disarms the endpoint's faults. */
    public void clear(SimEndpoint endpoint) {
        byEndpoint.get(endpoint).clear();
    }

    SimFault arm(SimFault fault) {
        byEndpoint.get(fault.endpoint()).add(fault);
        return fault;
    }

    /** What happens to the next call to the endpoint. */
    Decision next(SimEndpoint endpoint) {
        List<SimFault> faults = byEndpoint.get(endpoint);
        if (faults.isEmpty()) {
            return Decision.NONE;
        }
        Duration delay = Duration.ZERO;
        FaultAction.Outcome outcome = null;
        for (SimFault fault : faults) {
            switch (fault.action()) {
                case FaultAction.Latency latency -> {
                    if (fault.trigger().fire()) {
                        delay = delay.plus(latency.delay());
                    }
                }
                case FaultAction.Outcome candidate -> {
                    if (outcome == null && fault.trigger().fire()) {
                        outcome = candidate;
                    }
                }
            }
            if (fault.trigger().exhausted()) {
                faults.remove(fault);
            }
        }
        return new Decision(delay, outcome);
    }

    /** A delay before the call, then an outcome: null to handle it as usual, else a fail, timeout or lost response. */
    record Decision(Duration delay, FaultAction.Outcome outcome) {
        static final Decision NONE = new Decision(Duration.ZERO, null);
    }
}
