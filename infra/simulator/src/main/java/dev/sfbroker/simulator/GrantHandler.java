package dev.sfbroker.simulator;

import java.util.Map;

/**
 * One OAuth grant type of the token endpoint. The endpoint picks the handler by the
 * {@code grant_type} parameter; new flows (refresh_token, authorization_code) are new handlers.
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
