package dev.sfbroker.token;

/** A new approval would evict another grant, and the operator did not accept that. */
public final class ApprovalWouldEvictException extends RuntimeException {
    private final String connectionId;
    private final transient ApprovalLimit.DoomedGrant doomed;

    public ApprovalWouldEvictException(String connectionId, ApprovalLimit.DoomedGrant doomed) {
        super("Salesforce keeps " + ApprovalLimit.PER_USER_AND_APP + " approvals per user and connected app; authorising connection '"
                + connectionId + "' would revoke " + doomed.describe() + ". Revoke a grant that is no longer needed first, or send"
                + " {\"accept_eviction\": true} to authorise anyway.");
        this.connectionId = connectionId;
        this.doomed = doomed;
    }

    public String connectionId() {
        return connectionId;
    }

    public ApprovalLimit.DoomedGrant doomed() {
        return doomed;
    }
}
