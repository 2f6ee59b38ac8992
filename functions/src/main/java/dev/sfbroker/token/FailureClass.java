package dev.sfbroker.token;

/** What a Salesforce error means for the broker: whether to retry, wait, or stop and ask a person. */
public enum FailureClass {
    /** The grant is gone or was never given; retrying cannot help and burns the login-rate budget. */
    TERMINAL(ConnectionState.NEEDS_REAUTH),
    /** The connection or connected app settings are wrong; retrying cannot help until they are fixed. */
    MISCONFIGURED(ConnectionState.MISCONFIGURED),
    /** Salesforce is limiting logins for the user; retry later. */
    RATE_LIMITED(null),
    /** Salesforce or the network failed; retry with backoff. */
    TRANSIENT(null);

    private final ConnectionState blocksConnectionAs;

    FailureClass(ConnectionState blocksConnectionAs) {
        this.blocksConnectionAs = blocksConnectionAs;
    }

    /** The state a connection moves to on this failure, or null when it stays active. */
    public ConnectionState blocksConnectionAs() {
        return blocksConnectionAs;
    }
}
