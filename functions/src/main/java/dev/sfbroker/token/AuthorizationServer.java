package dev.sfbroker.token;

import java.net.URI;

/** Salesforce's side of onboarding a refresh-token connection: the web-server flow, and revoking a grant. */
public interface AuthorizationServer {

    /** Where to send the integration user's browser to approve the connected app (PKCE S256 challenge). */
    URI authorizeUrl(Connection connection, String state, String codeChallenge, URI callback) throws GrantFailedException;

    /** Exchanges the authorisation code for an access token and a refresh token. */
    IssuedToken exchangeCode(Connection connection, String code, Secret codeVerifier, URI callback) throws GrantFailedException;

    /** Revokes a refresh token, and with it every access token issued from it; true when Salesforce confirmed. */
    boolean revoke(Connection connection, Secret refreshToken);
}
