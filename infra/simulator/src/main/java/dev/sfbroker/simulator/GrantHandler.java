package dev.sfbroker.simulator;

import java.util.Map;
import java.util.Optional;

/**
 * One OAuth grant type of the token endpoint. The endpoint picks the handler by the
 * {@code grant_type} parameter: {@link JwtBearerGrant}, {@link AuthorizationCodeGrant},
 * {@link RefreshTokenGrant}; a new flow is a new handler.
 */
interface GrantHandler {

    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /**
     * The token the request presents on which Salesforce serialises requests: a refresh
     * token or an authorization code; empty for a grant whose requests are never refused as in processing.
     */
    default Optional<String> lockedToken(TokenRequest request) {
        return Optional.empty();
    }

    /**
     * Runs the grant and returns the success body (sent as JSON, HTTP 200).
     *
     * @throws OAuthException to answer with an OAuth error
     */
    Map<String, Object> exchange(TokenRequest request) throws OAuthException;
}
