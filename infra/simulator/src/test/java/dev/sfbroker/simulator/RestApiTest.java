package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST resource and its session rules. */
class RestApiTest extends SimulatorTestBase {

    private static final String INVALID_SESSION =
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

    // a valid token reaches the API
    @Test
    void validTokenGetsLimits() {
        HttpResponse<String> response = get("/services/data/v62.0/limits", accessToken());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(response).has("DailyApiRequests"));
    }

    // the version resource lists what it serves
    @Test
    void versionResourceListsLimits() {
        HttpResponse<String> response = get("/services/data/v62.0", accessToken());
        assertEquals(200, response.statusCode());
        assertEquals("/services/data/v62.0/limits", json(response).get("limits").asText());
    }

    // Salesforce serves the version list without a session
    @Test
    void versionListNeedsNoSession() {
        HttpResponse<String> response = get("/services/data", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"version\":\"62.0\""), response.body());
        assertTrue(response.body().contains("\"label\":\"Winter '25\""), response.body());
    }

    // an expired session (inactivity beyond the 120-minute default) gets 401 INVALID_SESSION_ID
    @Test
    void expiredSessionGets401AfterClockAdvance() {
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(121));
        HttpResponse<String> response = get("/services/data/v62.0/limits", token);
        assertEquals(401, response.statusCode());
        assertEquals(INVALID_SESSION, response.body());
    }

    // the session timeout is an inactivity timer; each call resets it
    @Test
    void useSlidesTheSessionExpiry() {
        sim.clock().freeze();
        String token = accessToken();
        for (int i = 0; i < 3; i++) {
            sim.clock().advance(Duration.ofMinutes(100));
            assertEquals(200, get("/services/data/v62.0/limits", token).statusCode(), "call " + i);
        }
        assertEquals(sim.clock().instant().plus(Duration.ofMinutes(120)), sim.session(token).orElseThrow().expiresAt());
    }

    // the connected app's session timeout takes precedence over the org's
    @Test
    void connectedAppSessionTimeoutOverridesTheOrgs() {
        app.sessionTimeout(Duration.ofMinutes(15));
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(16));
        assertEquals(401, get("/services/data/v62.0/limits", token).statusCode());
    }

    // without an app timeout, an external client app's tokens follow the user's org, not the app's
    @Test
    void externalClientAppTokensFollowTheUsersOrgSessionTimeout() {
        SimOrg globex = sim.addOrg("globex").sessionTimeout(Duration.ofMinutes(30));
        SimUser stranger = globex.addUser("integration@globex.example");
        app.externalClientApp(true).installIn(globex);
        HttpResponse<String> response = exchange(assertionFor(stranger.username()));
        assertEquals(200, response.statusCode(), response.body());
        String token = json(response).get("access_token").asText();
        sim.clock().advance(Duration.ofMinutes(31));
        assertEquals(401, get("/services/data/v62.0/limits", token).statusCode());
    }

    // the org's session timeout applies when the app sets none
    @Test
    void orgSessionTimeoutApplies() {
        org.sessionTimeout(Duration.ofMinutes(30));
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(29));
        assertEquals(200, get("/services/data/v62.0/limits", token).statusCode());
    }

    // unknown token
    @Test
    void unknownTokenGets401() {
        HttpResponse<String> response = get("/services/data/v62.0/limits", org.id15() + "!AQnotatoken");
        assertEquals(401, response.statusCode());
        assertEquals(INVALID_SESSION, response.body());
    }

    // revoked session
    @Test
    void revokedSessionGets401() {
        String token = accessToken();
        sim.session(token).orElseThrow().revoke();
        assertEquals(INVALID_SESSION, get("/services/data/v62.0/limits", token).body());
    }

    // no Authorization header
    @Test
    void missingAuthorizationGets401() {
        HttpResponse<String> response = get("/services/data/v62.0/limits", null);
        assertEquals(401, response.statusCode());
        assertEquals(INVALID_SESSION, response.body());
    }

    // (3P): an Authorization header of another scheme
    @Test
    void nonBearerAuthorizationGetsInvalidAuthHeader() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "Basic Zm9vOmJhcg=="));
        assertEquals(401, response.statusCode());
        assertEquals("[{\"message\":\"INVALID_HEADER_TYPE\",\"errorCode\":\"INVALID_AUTH_HEADER\"}]", response.body());
    }

    // the legacy "OAuth <token>" scheme works like Bearer
    @Test
    void legacyOAuthSchemeIsAccepted() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "OAuth " + accessToken()));
        assertEquals(200, response.statusCode());
    }

    // unknown resources and versions answer NOT_FOUND, after the session check
    @Test
    void unknownResourceGets404() {
        String token = accessToken();
        assertEquals(404, get("/services/data/v62.0/sobjects/Account", token).statusCode());
        assertEquals(404, get("/services/data/v99.0/limits", token).statusCode());
        assertEquals(401, get("/services/data/v99.0/limits", "bogus").statusCode());
    }
}
