package dev.sfbroker.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which connection, when, with what outcome, and which token
 * was involved, by fingerprint only.
 *
 * @param actor the IAM principal that asked, or {@code schedule}
 * @param outcome {@code ok}, or the failure class
 * @param tokenFingerprint the fingerprint of the token issued or involved, if any
 * @param detail a short human-readable note (never a secret)
 * @param changes what an operator's action changed in the connection, field by field (empty for other events)
 */
public record AuditEvent(String connectionId, Instant at, String actor, Action action, String outcome,
                         String salesforceError, String salesforceDescription, String tokenFingerprint, String detail,
                         List<Change> changes) {

    /** What happened. */
    public enum Action {
        FETCHED, RENEWED, RENEWAL_FAILED, BLOCKED, AUTHORIZATION_STARTED, AUTHORIZED, AUTHORIZATION_FAILED, GRANT_REVOKED,
        REGISTERED, UPDATED, DISABLED, ENABLED, DELETED, REVOKED, POLICY_FINDING, RETRIED
    }

    /**
     * One field of a connection before and after a change, named as the ops API names it; null where there was or is
     * no value (a registration has nothing before, a deletion nothing after). Never a secret: the definition holds none.
     */
    public record Change(String field, String before, String after) {
    }

    public static final String SCHEDULE = "schedule";
    public static final String OK = "ok";
    public static final String ALLOWED_PRINCIPALS = "allowed_principals";

    public AuditEvent {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** An event that changed no field of the connection. */
    public AuditEvent(String connectionId, Instant at, String actor, Action action, String outcome, String salesforceError,
                      String salesforceDescription, String tokenFingerprint, String detail) {
        this(connectionId, at, actor, action, outcome, salesforceError, salesforceDescription, tokenFingerprint, detail, List.of());
    }

    static AuditEvent ok(Connection connection, Instant at, String actor, Action action, String fingerprint, String detail) {
        return new AuditEvent(connection.id(), at, actor, action, OK, null, null, fingerprint, detail);
    }

    static AuditEvent failed(Connection connection, Instant at, String actor, Action action, Failure failure) {
        return new AuditEvent(connection.id(), at, actor, action, failure.failureClass().name(), failure.salesforceError(),
                failure.salesforceDescription(), null, failure.cause());
    }

    /** The same event with {@code note} after its detail. */
    AuditEvent noting(String note) {
        return new AuditEvent(connectionId, at, actor, action, outcome, salesforceError, salesforceDescription, tokenFingerprint,
                detail == null ? note : detail + "; " + note, changes);
    }

    /** The audited fields that differ between two versions of a connection; either may be null (not yet, or no longer). */
    public static List<Change> changes(Connection before, Connection after) {
        Map<String, String> old = audited(before);
        Map<String, String> now = audited(after);
        List<Change> changes = new ArrayList<>();
        for (String field : old.keySet()) {
            if (!Objects.equals(old.get(field), now.get(field))) {
                changes.add(new Change(field, old.get(field), now.get(field)));
            }
        }
        return changes;
    }

    /** Who may fetch the token, where and as whom the broker logs in, and the connection's state; in a fixed order. */
    private static Map<String, String> audited(Connection connection) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ALLOWED_PRINCIPALS, connection == null || connection.allowedPrincipals().isEmpty() ? null
                : String.join(", ", connection.allowedPrincipals().stream().sorted().toList()));
        fields.put("login_host", connection == null ? null : connection.loginHost().url().toString());
        fields.put("audience", connection == null ? null : connection.loginHost().audience());
        fields.put("username", connection == null ? null : connection.username());
        fields.put("credentials_ref", connection == null ? null : connection.credentialsRef());
        fields.put("session_timeout_minutes", connection == null || connection.configuredSessionTimeout() == null ? null
                : Long.toString(connection.configuredSessionTimeout().toMinutes()));
        fields.put("login_budget_per_hour", connection == null || connection.loginBudgetPerHour() == null ? null
                : connection.loginBudgetPerHour().toString());
        fields.put("flow", connection == null ? null : connection.flow().wireName());
        fields.put("state", connection == null ? null : connection.state().name());
        return fields;
    }
}
