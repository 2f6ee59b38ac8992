package dev.sfbroker.token;

import java.time.Duration;
import java.util.Optional;

/**
 * No valid token can be served: the connection is blocked (needs re-authorisation or is misconfigured),
 * or Salesforce failed and the current token has expired.
 */
public final class TokenUnavailableException extends RuntimeException {
    private final String connectionId;
    private final transient Failure failure;
    private final transient Duration retryIn;

    public TokenUnavailableException(String connectionId, Failure failure) {
        this(connectionId, failure, null);
    }

    /** @param retryIn how long until the broker will call Salesforce for the connection again, when it knows; else null */
    public TokenUnavailableException(String connectionId, Failure failure, Duration retryIn) {
        super("no token for connection '" + connectionId + "': " + failure.cause());
        this.connectionId = connectionId;
        this.failure = failure;
        this.retryIn = retryIn;
    }

    public String connectionId() {
        return connectionId;
    }

    public Failure failure() {
        return failure;
    }

    public Optional<Duration> retryIn() {
        return Optional.ofNullable(retryIn);
    }
}
