package dev.sfbroker.token;

/** What a Salesforce error means for the broker: whether to retry, wait, or stop and ask a person. */
public enum FailureClass {
    /** The grant is gone or was never given; retrying cannot help and burns the login-rate budget. */
    TERMINAL(ConnectionState.NEEDS_REAUTH),
    /** The connection or connected app settings are wrong; retrying cannot help until they are fixed. */
    MISCONFIGURED(ConnectionState.MISCONFIGURED),
    /** Salesforce is limiting logins for the user; retry later. */
    RATE_LIMITED(null),
    /**
     * The broker's own login budget for the user ({@link LoginBudget}) is used up for this hour: no call was made, and
     * none is until the budget frees up.
     */
    BUDGET_EXHAUSTED(null),
    /** Salesforce or the network failed before the request could take effect; retry with backoff. */
    TRANSIENT(null),
    /**
     * The request was sent and nothing came back that proves Salesforce refused it (no answer, a gateway's error,
     * an unreadable answer), or Salesforce said another request with the same token is still in flight: the
     * grant may have changed. With refresh token rotation a blind retry could replay a rotated token and revoke
     * the grant, so the next renewal reconciles first.
     */
    OUTCOME_UNKNOWN(null);

    private final ConnectionState blocksConnectionAs;

    FailureClass(ConnectionState blocksConnectionAs) {
        this.blocksConnectionAs = blocksConnectionAs;
    }

    /** The state a connection moves to on this failure, or null when it stays active. */
    public ConnectionState blocksConnectionAs() {
        return blocksConnectionAs;
    }
}
