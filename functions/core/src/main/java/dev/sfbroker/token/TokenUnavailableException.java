package dev.sfbroker.token;

/**
 * No valid token can be served: the connection is blocked (needs re-authorisation or is misconfigured),
 * or Salesforce failed and the current token has expired.
 */
public final class TokenUnavailableException extends RuntimeException {
    private final String connectionId;
    private final transient Failure failure;

    public TokenUnavailableException(String connectionId, Failure failure) {
        super("no token for connection '" + connectionId + "': " + failure.cause());
        this.connectionId = connectionId;
        this.failure = failure;
    }

    public String connectionId() {
        return connectionId;
    }

    public Failure failure() {
        return failure;
    }
}
