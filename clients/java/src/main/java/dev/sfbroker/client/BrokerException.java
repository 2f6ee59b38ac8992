package dev.sfbroker.client;

/**
 * An error the broker answered, with its stable {@code error} code and, for Salesforce failures, Salesforce's own
 * error, the cause and the fix. The subclasses group the codes by what the caller can do about them.
 */
public class BrokerException extends RuntimeException {
    private final int status;
    private final String error;
    private final String connection;
    private final String failureClass;
    private final String salesforceError;
    private final String salesforceErrorDescription;
    private final String cause;
    private final String fix;

    BrokerException(int status, BrokerError body) {
        super(body.error() + ": " + body.message());
        this.status = status;
        this.error = body.error();
        this.connection = body.connection();
        this.failureClass = body.failureClass();
        this.salesforceError = body.salesforceError();
        this.salesforceErrorDescription = body.salesforceErrorDescription();
        this.cause = body.cause();
        this.fix = body.fix();
    }

    static BrokerException of(int status, BrokerError body) {
        return switch (body.error()) {
            case "unauthenticated", "caller_not_allowed", "ops_only" -> new NotAllowed(status, body);
            case "connection_not_found" -> new ConnectionNotFound(status, body);
            case "connection_revoked", "connection_disabled", "connection_needs_reauthorization", "connection_misconfigured" ->
                    new ConnectionBlocked(status, body);
            default -> status == 429 || status == 503 || "concurrent_change".equals(body.error())
                    ? new TryAgainLater(status, body) : new BrokerException(status, body);
        };
    }

    /** The HTTP status the broker answered. */
    public int status() {
        return status;
    }

    /** The broker's stable error code, e.g. {@code connection_needs_reauthorization}. */
    public String error() {
        return error;
    }

    public String connection() {
        return connection;
    }

    /** Salesforce failures: TRANSIENT, OUTCOME_UNKNOWN, RATE_LIMITED, TERMINAL or MISCONFIGURED; otherwise null. */
    public String failureClass() {
        return failureClass;
    }

    public String salesforceError() {
        return salesforceError;
    }

    public String salesforceErrorDescription() {
        return salesforceErrorDescription;
    }

    /** Why Salesforce refused, in the broker's words; null when the broker did not ask Salesforce. */
    public String salesforceCause() {
        return cause;
    }

    /** What to change so it works again; null when there is nothing to fix but to retry. */
    public String fix() {
        return fix;
    }

    /** The caller has no identity, or is not allowed: fix the IAM role or the connection's allowed principals. */
    public static final class NotAllowed extends BrokerException {
        NotAllowed(int status, BrokerError body) {
            super(status, body);
        }
    }

    /** No connection with that id. */
    public static final class ConnectionNotFound extends BrokerException {
        ConnectionNotFound(int status, BrokerError body) {
            super(status, body);
        }
    }

    /** The broker stopped serving the connection until a person acts: see {@link #salesforceCause()} and {@link #fix()}. */
    public static final class ConnectionBlocked extends BrokerException {
        ConnectionBlocked(int status, BrokerError body) {
            super(status, body);
        }
    }

    /** Salesforce or the broker's storage is unavailable or limiting logins: retry later, not in a loop. */
    public static final class TryAgainLater extends BrokerException {
        TryAgainLater(int status, BrokerError body) {
            super(status, body);
        }
    }
}
