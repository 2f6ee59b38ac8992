package dev.sfbroker.token;

/** A connection was registered under an id that is taken. */
public final class ConnectionExistsException extends RuntimeException {
    private final String connectionId;

    public ConnectionExistsException(String connectionId) {
        super("connection '" + connectionId + "' exists already");
        this.connectionId = connectionId;
    }

    public String connectionId() {
        return connectionId;
    }
}
