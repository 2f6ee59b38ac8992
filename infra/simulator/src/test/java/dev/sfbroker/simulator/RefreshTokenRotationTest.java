package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refresh Token Rotation: a new refresh token per refresh, the old one dead at once, reuse kills the grant (reference §2.3). */
class RefreshTokenRotationTest extends GrantTestBase {

    @BeforeEach
    void rotate() {
        app.refreshTokenRotation(true);
    }

    // §2.2, §2.3: with rotation on, the response carries a new refresh token, in the same grant
    @Test
    void eachRefreshReturnsANewRefreshToken() {
        Tokens tokens = connect();
        JsonNode first = refreshed(tokens.refreshToken());
        String second = first.get("refresh_token").asText();
        assertNotEquals(tokens.refreshToken(), second);
        assertTrue(second.startsWith("5Aep861"));
        String third = refreshed(second).get("refresh_token").asText();

        SimGrant grant = sim.grant(third).orElseThrow();
        assertEquals(third, grant.refreshToken().orElseThrow());
        assertEquals(2, grant.useCount());
        assertEquals(List.of(grant), sim.grants(user, app));
    }

    // §2.3: "The old refresh token is automatically invalidated" and reuse "results in the immediate revocation
    // of the current refresh token and all associated access tokens"
    @Test
    void reusingARotatedOutTokenRevokesTheWholeGrant() {
        Tokens tokens = connect();
        JsonNode refreshed = refreshed(tokens.refreshToken());
        String current = refreshed.get("refresh_token").asText();
        String newAccessToken = refreshed.get("access_token").asText();
        SimGrant grant = sim.grant(current).orElseThrow();

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(current));
        assertEquals(401, restStatus(tokens.accessToken()));
        assertEquals(401, restStatus(newAccessToken));
        assertEquals(SimGrant.Revocation.REFRESH_TOKEN_REUSED, grant.revocation().orElseThrow());
        assertTrue(sim.grants(user, app).isEmpty());
    }

    // §2.3, §11.10: no grace period, so two concurrent refreshes with one token: one wins, then the grant is lost
    @Test
    void concurrentRefreshesWithOneTokenLoseTheGrant() {
        String refreshToken = connect().refreshToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(refreshForm(refreshToken))))
                .build();
        CompletableFuture<HttpResponse<String>> a = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        List<Integer> statuses = List.of(a.join().statusCode(), b.join().statusCode());

        assertTrue(statuses.contains(200) && statuses.contains(400), statuses::toString);
        assertTrue(sim.grants(user, app).isEmpty(), "the loser's reuse revoked the grant");
    }
}
