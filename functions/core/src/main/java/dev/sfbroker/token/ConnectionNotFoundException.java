package dev.sfbroker.token;

public final class ConnectionNotFoundException extends RuntimeException {
    private final String connectionId;

    public ConnectionNotFoundException(String connectionId) {
        super("no connection '" + connectionId + "'");
        this.connectionId = connectionId;
    }

    public String connectionId() {
        return connectionId;
    }
}
