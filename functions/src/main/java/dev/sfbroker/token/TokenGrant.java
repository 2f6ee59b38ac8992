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
}
