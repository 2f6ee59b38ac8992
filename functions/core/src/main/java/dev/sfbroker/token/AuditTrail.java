package dev.sfbroker.token;

import java.util.List;

/** The audit trail: every renewal, failure, block and authorisation, kept for a configured time. */
public interface AuditTrail {

    /** Records the event; returns its id (unique within the connection's events), or null if it could not be written. */
    String record(AuditEvent event);

    /** The connection's events, newest first. */
    List<AuditEvent> forConnection(String connectionId, int limit);
}
