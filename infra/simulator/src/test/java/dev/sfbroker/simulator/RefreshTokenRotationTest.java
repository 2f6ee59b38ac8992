package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refresh Token Rotation: a new refresh token per refresh, the old one dead at once, reuse kills the grant. */
class RefreshTokenRotationTest extends GrantTestBase {

    @BeforeEach
    void rotate() {
        app.refreshTokenRotation(true);
    }

    // with rotation on, the response carries a new refresh token, in the same grant
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

    // "The old refresh token is automatically invalidated" and reuse "results in the immediate revocation
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
}
