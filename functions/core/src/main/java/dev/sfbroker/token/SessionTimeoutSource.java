package dev.sfbroker.token;

/** Where a connection's own session timeout came from. */
public enum SessionTimeoutSource {
    /** An operator set it when registering or changing the connection. */
    CONFIGURED,
    /** The policy audit read it from the connected app and the org (the tighter of the two). */
    LEARNED
}
