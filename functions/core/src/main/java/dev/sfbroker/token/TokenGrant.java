package dev.sfbroker.token;

/**
 * One way of obtaining an access token from Salesforce (a grant type). Each flow has one strategy;
 * the lifecycle picks it by {@link Connection#flow()}.
 */
public interface TokenGrant {

    Flow flow();

    /**
     * Asks Salesforce for a new access token for the connection.
     *
     * @throws GrantFailedException with a classified {@link Failure} when Salesforce refuses or cannot be reached
     */
    IssuedToken obtain(Connection connection) throws GrantFailedException;

    /**
     * After a renewal whose outcome is unknown (sent, no answer stored), whether renewing now is safe. Grants
     * that keep no state at Salesforce between calls (JWT bearer) are always safe to repeat.
     */
    default Reconciliation reconcile(Connection connection) {
        return Reconciliation.SAFE;
    }

    /** What reconciling an unknown outcome found. */
    enum Reconciliation {
        /** The stored grant is intact: renew as usual. */
        SAFE,
        /** Salesforce no longer honours the stored grant: the lost answer carried its replacement. */
        GRANT_LOST,
        /** Salesforce could not tell: one careful renewal decides. */
        UNKNOWN
    }
}
