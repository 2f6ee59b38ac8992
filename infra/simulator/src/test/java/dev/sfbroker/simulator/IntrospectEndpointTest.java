package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /services/oauth2/introspect}. */
class IntrospectEndpointTest extends GrantTestBase {

    private static final String INACTIVE = "{\"active\":false}";

    private JsonNode introspected(String token, SimConnectedApp client) {
        HttpResponse<String> response = introspect(token, client);
        assertEquals(200, response.statusCode(), response::body);
        return json(response);
    }

    // an active access token: active, scope, client_id, username, sub, token_type, exp, iat, nbf (epoch seconds)
    @Test
    void activeAccessTokenHasTheDocumentedFields() {
        sim.clock().freeze();
        Tokens tokens = connect();
        SimSession session = sim.session(tokens.accessToken()).orElseThrow();
        JsonNode body = introspected(tokens.accessToken(), app);

        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("active", "scope", "client_id", "username", "sub", "token_type", "exp", "iat", "nbf"), fields);
        assertTrue(body.get("active").asBoolean());
        assertEquals("api refresh_token", body.get("scope").asText());
        assertEquals(app.consumerKey(), body.get("client_id").asText());
        assertEquals(user.username(), body.get("username").asText());
        assertEquals(LOGIN + "/id/" + org.id() + "/" + user.id(), body.get("sub").asText());
        assertEquals("access_token", body.get("token_type").asText());
        assertEquals(session.expiresAt().getEpochSecond(), body.get("exp").asLong());
        assertEquals(session.issuedAt().getEpochSecond(), body.get("iat").asLong());
        assertEquals(session.issuedAt().getEpochSecond(), body.get("nbf").asLong());
    }

    // (inferred, UNCERTAIN): exp follows the session's inactivity timer, so API use moves it forward
    @Test
    void accessTokenExpMovesForwardWithApiUse() {
        sim.clock().freeze();
        String token = accessToken();
        long before = introspected(token, app).get("exp").asLong();
        sim.clock().advance(Duration.ofMinutes(30));
        assertEquals(200, restStatus(token));
        assertEquals(before + 30 * 60, introspected(token, app).get("exp").asLong());
    }

    // a refresh token introspects as token_type refresh_token; "infinite" has no exp
    @Test
    void refreshTokenUnderTheInfinitePolicyHasNoExp() {
        Tokens tokens = connect();
        JsonNode body = introspected(tokens.refreshToken(), app);
        assertTrue(body.get("active").asBoolean());
        assertEquals("refresh_token", body.get("token_type").asText());
        assertFalse(body.has("exp"));
        assertEquals(sim.grant(tokens.refreshToken()).orElseThrow().createdDate().getEpochSecond(), body.get("iat").asLong());
    }

    // exp of a refresh token follows the policy: lifetime from the approval, inactivity from the last use
    @Test
    void refreshTokenExpFollowsThePolicy() {
        sim.clock().freeze();
        app.refreshTokenPolicy(RefreshTokenPolicy.lifetime(Duration.ofDays(30)));
        Tokens tokens = connect();
        Instant created = sim.clock().instant();
        assertEquals(created.plus(Duration.ofDays(30)).getEpochSecond(), introspected(tokens.refreshToken(), app).get("exp").asLong());

        app.refreshTokenPolicy(RefreshTokenPolicy.inactivity(Duration.ofHours(12)));
        sim.clock().advance(Duration.ofHours(1));
        refreshed(tokens.refreshToken());
        assertEquals(sim.clock().instant().plus(Duration.ofHours(12)).getEpochSecond(),
                introspected(tokens.refreshToken(), app).get("exp").asLong());
    }

    // a refresh token that no longer works is not active ("zero" never works)
    @Test
    void unusableRefreshTokenIsInactive() {
        Tokens tokens = connect();
        app.refreshTokenPolicy(RefreshTokenPolicy.zero());
        assertEquals(INACTIVE, introspect(tokens.refreshToken(), app).body());
    }

    // expired, revoked, rotated-out and unknown tokens: {"active":false}, HTTP 200
    @Test
    void deadOrUnknownTokensAreInactive() {
        app.refreshTokenRotation(true);
        Tokens tokens = connect();
        String rotatedOut = tokens.refreshToken();
        String current = refreshed(rotatedOut).get("refresh_token").asText();
        assertEquals(INACTIVE, introspect(rotatedOut, app).body());
        assertTrue(introspected(current, app).get("active").asBoolean(), "introspecting a rotated-out token is no reuse");

        String jwtToken = accessToken();
        revoke(jwtToken);
        assertEquals(INACTIVE, introspect(jwtToken, app).body());

        String expiring = accessToken();
        sim.clock().advance(Duration.ofHours(3));
        assertEquals(INACTIVE, introspect(expiring, app).body());
        assertEquals(INACTIVE, introspect("bogus", app).body());
    }

    // an app sees only its own tokens (observed: another app's valid token came back inactive)
    @Test
    void anotherAppsTokenIsInactive() {
        SimConnectedApp other = org.addConnectedApp("Auditor");
        assertEquals(INACTIVE, introspect(accessToken(), other).body());
    }

    // isIntrospectAllTokens sees every app's tokens; client_id is the token's app
    @Test
    void introspectAllTokensSeesOtherAppsTokens() {
        SimConnectedApp auditor = org.addConnectedApp("Auditor").introspectAllTokens(true);
        JsonNode body = introspected(accessToken(), auditor);
        assertTrue(body.get("active").asBoolean());
        assertEquals(app.consumerKey(), body.get("client_id").asText());
    }

    // client credentials may come in the body instead of a Basic header
    @Test
    void bodyCredentialsAuthenticateTheClient() {
        Map<String, String> form = new HashMap<>();
        form.put("token", accessToken());
        form.put("client_id", app.consumerKey());
        form.put("client_secret", app.consumerSecret());
        HttpResponse<String> response = postFormTo(sim.introspectUrl(), form, null);
        assertTrue(json(response).get("active").asBoolean(), response::body);
    }

    // 7 (UNCERTAIN): bad credentials get 401 invalid_client by default
    @Test
    void badClientCredentialsGet401InvalidClient() {
        String token = accessToken();
        assertOAuthError(OAuthErrors.INTROSPECT_INVALID_CLIENT,
                postFormTo(sim.introspectUrl(), Map.of("token", token, "client_id", app.consumerKey(), "client_secret", "WRONG"), null));
        assertOAuthError(OAuthErrors.INTROSPECT_INVALID_CLIENT, postFormTo(sim.introspectUrl(), Map.of("token", token), null));
        assertOAuthError(OAuthErrors.INTROSPECT_INVALID_CLIENT,
                postFormTo(sim.introspectUrl(), Map.of("token", token), "Basic not-base64!"));
    }

    // the bad-credentials answer is a setting
    @Test
    void badClientCredentialsAnswerIsASetting() {
        sim.settings().introspectInvalidClientError(OAuthErrors.INVALID_CLIENT);
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postFormTo(sim.introspectUrl(), Map.of("token", "x"), null));
    }

    // the doc sample's client_id is the app name ("OAuthSp"); a setting reproduces it
    @Test
    void clientIdCanBeTheAppName() {
        sim.settings().introspectClientIdIsAppName(true);
        assertEquals("Token Broker", introspected(accessToken(), app).get("client_id").asText());
    }
}
