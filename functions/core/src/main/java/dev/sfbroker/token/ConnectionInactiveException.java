package dev.sfbroker.token;

/** The connection was disabled or revoked by an operator: no token is served until it is enabled or re-authorised. */
public final class ConnectionInactiveException extends RuntimeException {
    private final String connectionId;
    private final ConnectionState state;

    public ConnectionInactiveException(String connectionId, ConnectionState state) {
        super("connection '" + connectionId + "' is " + state.name().toLowerCase());
        this.connectionId = connectionId;
        this.state = state;
    }

    public String connectionId() {
        return connectionId;
    }

    public ConnectionState state() {
        return state;
    }
}
