package dev.sfbroker.token;

import java.net.URI;

/**
 * Salesforce's side of a connection's grant: onboarding through the web-server flow, revoking tokens, and
 * asking whether a token is still active.
 */
public interface AuthorizationServer {

    /** Where to send the integration user's browser to approve the connected app (PKCE S256 challenge). */
    URI authorizeUrl(Connection connection, String state, String codeChallenge, URI callback) throws GrantFailedException;

    /** Exchanges the authorisation code for an access token and a refresh token. */
    IssuedToken exchangeCode(Connection connection, String code, Secret codeVerifier, URI callback) throws GrantFailedException;

    /**
     * Who the new token belongs to, read from Salesforce's identity service with the token itself; empty when Salesforce
     * did not say (no identity URL, no answer, an answer that does not match the identity URL).
     */
    java.util.Optional<Approver> whoApproved(IssuedToken token);

    /**
     * Revokes a token: a refresh token revokes the grant and every access token issued from it, an access token
     * only itself. True when Salesforce confirmed.
     */
    boolean revoke(Connection connection, Secret token);

    /** Whether Salesforce reports the token active; empty when it cannot tell (no client secret, no answer). */
    java.util.Optional<Boolean> isActive(Connection connection, Secret token);
}
