package dev.sfbroker.token;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The web-server flows in progress per user and connected app, shared by every broker instance: each may become one more
 * of the user's five approvals of the app, so starting a flow counts them and records itself in one conditional write.
 * Two instances that start flows of the same user and app at once cannot both pass the check on the same count.
 */
public interface PendingApprovals {

    /**
     * The flows in progress of one user and app, as stored now, and the version a replacement is conditional on.
     *
     * @param untilByConnection when each connection's flow expires
     */
    record Flows(String userAndApp, Map<String, Instant> untilByConnection, long version) {

        public Flows {
            untilByConnection = Map.copyOf(untilByConnection);
        }

        /** Flows of other connections that can still complete at {@code now}. */
        public int othersAt(String connectionId, Instant now) {
            return (int) untilByConnection.entrySet().stream()
                    .filter(flow -> !flow.getKey().equals(connectionId) && now.isBefore(flow.getValue())).count();
        }

        /** These flows, expired ones left out, with the connection's flow (until {@code until}) or without it (null). */
        public Map<String, Instant> with(String connectionId, Instant until, Instant now) {
            Map<String, Instant> updated = new HashMap<>();
            untilByConnection.forEach((connection, expires) -> {
                if (now.isBefore(expires)) {
                    updated.put(connection, expires);
                }
            });
            if (until == null) {
                updated.remove(connectionId);
            } else {
                updated.put(connectionId, until);
            }
            return updated;
        }
    }

    Flows read(String userAndApp);

    /** Stores {@code flows} in place of {@code read}, only if nobody changed them since; false when somebody did. */
    boolean replace(Flows read, Map<String, Instant> flows);
}
