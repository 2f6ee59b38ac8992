package dev.sfbroker.token;

/** Whether the broker may call Salesforce for a connection. */
public enum ConnectionState {
    /** Tokens are minted and served. */
    ACTIVE,
    /** Salesforce refused the grant for good (e.g. the user no longer approves the app); a person must re-authorise. */
    NEEDS_REAUTH,
    /** The connection or its connected app is set up wrongly (key, audience, consumer key); a person must fix it. */
    MISCONFIGURED;

    public boolean mayCallSalesforce() {
        return this == ACTIVE;
    }
}
