package dev.sfbroker.token;

import java.util.List;

/** The audit trail: every renewal, failure, block and authorisation, kept for a configured time. */
public interface AuditTrail {

    void record(AuditEvent event);

    /** The connection's events, newest first. */
    List<AuditEvent> forConnection(String connectionId, int limit);
}
