package dev.sfbroker.token;

/** The connection changed while an operation on it was in progress; nothing was written. */
public final class ConcurrentChangeException extends RuntimeException {
    private final String connectionId;

    public ConcurrentChangeException(String connectionId) {
        super("connection '" + connectionId + "' changed meanwhile");
        this.connectionId = connectionId;
    }

    public String connectionId() {
        return connectionId;
    }
}
