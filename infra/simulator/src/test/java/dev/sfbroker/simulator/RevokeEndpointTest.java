package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /services/oauth2/revoke}. */
class RevokeEndpointTest extends GrantTestBase {

    private static final String UNSUPPORTED =
            "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported";

    private HttpResponse<String> revokeByGet(String query) {
        return send(HttpRequest.newBuilder(URI.create(sim.revokeUrl() + "?" + query)).GET());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // "If an access token is included, Salesforce invalidates it": that session only, 200 with an empty body
    @Test
    void revokingAnAccessTokenEndsThatSessionOnly() {
        Tokens tokens = connect();
        String sibling = refreshed(tokens.refreshToken()).get("access_token").asText();

        HttpResponse<String> response = revoke(tokens.accessToken());

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals(401, restStatus(tokens.accessToken()));
        assertEquals(200, restStatus(sibling));
        refreshed(tokens.refreshToken());
    }

    // "If a refresh token is included, Salesforce revokes it and any associated access tokens"
    @Test
    void revokingARefreshTokenRevokesTheGrantAndItsAccessTokens() {
        Tokens tokens = connect();
        String sibling = refreshed(tokens.refreshToken()).get("access_token").asText();

        assertEquals(200, revoke(tokens.refreshToken()).statusCode());

        assertEquals(401, restStatus(tokens.accessToken()));
        assertEquals(401, restStatus(sibling));
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
    }

    // the "blind GET" with ?token=
    @Test
    void getWithTokenQueryRevokes() {
        Tokens tokens = connect();
        HttpResponse<String> response = revokeByGet("token=" + encode(tokens.refreshToken()));
        assertEquals(200, response.statusCode());
        assertEquals(401, restStatus(tokens.accessToken()));
    }

    // the OauthToken DeleteToken revokes its grant
    @Test
    void deleteTokenRevokesTheGrant() {
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        assertEquals(200, revokeByGet("token=" + encode(grant.deleteToken())).statusCode());
        assertTrue(grant.isRevoked());
        assertEquals(401, restStatus(tokens.accessToken()));
    }

    // works for JWT-based (bearer flow) access tokens too
    @Test
    void jwtAccessTokenCanBeRevoked() {
        String token = accessToken();
        assertEquals(200, revoke(token).statusCode());
        assertEquals(401, restStatus(token));
    }

    // (observed): unknown token → 400 with a form-encoded body, not JSON
    @Test
    void unknownTokenGets400WithAFormEncodedBody() {
        HttpResponse<String> response = revoke("00Dxx0000001gPL!AQnotatoken");
        assertEquals(400, response.statusCode());
        assertEquals(UNSUPPORTED, response.body());
        assertEquals("application/x-www-form-urlencoded;charset=UTF-8",
                response.headers().firstValue("Content-Type").orElseThrow());
    }

    // an already revoked or expired token is no longer known; no token at all is the same error
    @Test
    void revokedTokenOrNoTokenGets400() {
        Tokens tokens = connect();
        revoke(tokens.refreshToken());
        assertEquals(UNSUPPORTED, revoke(tokens.refreshToken()).body());
        assertEquals(UNSUPPORTED, revoke(tokens.accessToken()).body());
        HttpResponse<String> none = postFormTo(sim.revokeUrl(), Map.of(), null);
        assertEquals(400, none.statusCode());
        assertEquals(UNSUPPORTED, none.body());
    }

    // JSONP: fn({}) on success, fn({"error":"invalid_token"}) on failure
    @Test
    void jsonpCallbackWrapsTheAnswer() {
        Tokens tokens = connect();
        HttpResponse<String> ok = revokeByGet("token=" + encode(tokens.accessToken()) + "&callback=handleRevoke");
        assertEquals(200, ok.statusCode());
        assertEquals("handleRevoke({})", ok.body());
        HttpResponse<String> failed = revokeByGet("token=bogus&callback=handleRevoke");
        assertEquals("handleRevoke({\"error\":\"invalid_token\"})", failed.body());
    }

    // a callback that is not a JavaScript name is not echoed into a script
    @Test
    void jsonpCallbackThatIsNotANameIsIgnored() {
        HttpResponse<String> response = revokeByGet("token=bogus&callback=" + encode("alert(1);x"));
        assertEquals(400, response.statusCode());
        assertEquals(UNSUPPORTED, response.body());
    }
}
