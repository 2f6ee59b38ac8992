package dev.sfbroker.token;

import dev.sfbroker.access.Caller;

public final class AccessDeniedException extends RuntimeException {
    private final transient Caller caller;
    private final String connectionId;

    public AccessDeniedException(Caller caller, String connectionId) {
        super(caller.principal() + " may not fetch connection '" + connectionId + "'");
        this.caller = caller;
        this.connectionId = connectionId;
    }

    public Caller caller() {
        return caller;
    }

    public String connectionId() {
        return connectionId;
    }
}
