package dev.sfbroker.token;

/** Whether the broker may call Salesforce for a connection. */
public enum ConnectionState {
    /** Tokens are minted and served. */
    ACTIVE,
    /** Salesforce refused the grant for good (e.g. the user no longer approves the app); a person must re-authorise. */
    NEEDS_REAUTH,
    /** The connection or its connected app is set up wrongly (key, audience, consumer key); a person must fix it. */
    MISCONFIGURED,
    /** An operator disabled the connection (its tokens were revoked at Salesforce first). */
    DISABLED,
    /** An operator revoked the connection's grant; it stays revoked until it is authorised again. */
    REVOKED;

    public boolean mayCallSalesforce() {
        return this == ACTIVE;
    }
}
