package dev.sfbroker.simulator;

import java.util.Map;

/**
 * One OAuth grant type of the token endpoint. The endpoint picks the handler by the
 * {@code grant_type} parameter: {@link JwtBearerGrant}, {@link AuthorizationCodeGrant},
 * {@link RefreshTokenGrant}; a new flow is a new handler.
 */
interface GrantHandler {

    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /**
     * Runs the grant and returns the success body (sent as JSON, HTTP 200).
     *
     * @throws OAuthException to answer with an OAuth error
     */
    Map<String, Object> exchange(TokenRequest request) throws OAuthException;
}
