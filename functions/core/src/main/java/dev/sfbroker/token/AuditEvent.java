package dev.sfbroker.token;

import java.time.Instant;

/**
 * One entry of the audit trail: who did what to which connection, when, with what outcome, and which token
 * was involved, by fingerprint only.
 *
 * @param actor the IAM principal that asked, or {@code schedule}
 * @param outcome {@code ok}, or the failure class
 * @param tokenFingerprint the fingerprint of the token issued or involved, if any
 * @param detail a short human-readable note (never a secret)
 */
public record AuditEvent(String connectionId, Instant at, String actor, Action action, String outcome,
                         String salesforceError, String salesforceDescription, String tokenFingerprint, String detail) {

    /** What happened. */
    public enum Action {
        FETCHED, RENEWED, RENEWAL_FAILED, BLOCKED, AUTHORIZATION_STARTED, AUTHORIZED, AUTHORIZATION_FAILED, GRANT_REVOKED,
        REGISTERED, UPDATED, DISABLED, ENABLED, DELETED, REVOKED, POLICY_FINDING, RETRIED
    }

    public static final String SCHEDULE = "schedule";
    public static final String OK = "ok";

    static AuditEvent ok(Connection connection, Instant at, String actor, Action action, String fingerprint, String detail) {
        return new AuditEvent(connection.id(), at, actor, action, OK, null, null, fingerprint, detail);
    }

    static AuditEvent failed(Connection connection, Instant at, String actor, Action action, Failure failure) {
        return new AuditEvent(connection.id(), at, actor, action, failure.failureClass().name(), failure.salesforceError(),
                failure.salesforceDescription(), null, failure.cause());
    }
}
