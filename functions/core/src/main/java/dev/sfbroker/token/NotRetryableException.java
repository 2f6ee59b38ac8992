package dev.sfbroker.token;

/** An operator asked to retry a connection that a retry cannot help; the message says what to do instead. */
public final class NotRetryableException extends RuntimeException {
    private final String connectionId;

    public NotRetryableException(String connectionId, String message) {
        super(message);
        this.connectionId = connectionId;
    }

    public String connectionId() {
        return connectionId;
    }
}
