package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed outages, replayed against the simulator: the integration's stored refresh token dies
 * although its policy is "valid until revoked".
 */
class OutageScenariosTest extends GrantTestBase {

    /** A user (re)connecting an integration whose configuration then fails: the tokens are issued but not stored. */
    private void reauthoriseWithoutStoring() {
        connect();
    }

    // 1, seed "Why my SFDC OAuth2 token pair gets revoked?": integration 1 stores its tokens; configuring
    // integration 2 with the same user fails after the tokens were issued, and the user retries three times.
    // That makes the five token pairs of the seed (stored + failed attempt + 3 retries): at the documented
    // limit, nothing is evicted yet. One more approval pushes the user past five, and the oldest approval,
    // the stored one, is revoked: its next refresh is "expired access/refresh token" and its access token is dead.
    @Test
    void storedGrantIsRevokedWhenReauthorisationsPushTheUserPastFiveApprovals() {
        Tokens stored = connect();
        reauthoriseWithoutStoring();
        for (int retry = 0; retry < 3; retry++) {
            reauthoriseWithoutStoring();
        }
        assertEquals(5, sim.grants(user, app).size());
        refreshed(stored.refreshToken());

        reauthoriseWithoutStoring();

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(stored.refreshToken()));
        assertEquals(INVALID_SESSION, get("/services/data/v62.0/limits", stored.accessToken()).body());
    }

    // 1, the same seed read with its own arithmetic ("5 = 1 web session + 4 OAuth", maxApprovalsPerUserPerApp 4):
    // the stored grant, three failed re-authorisations and one more evict the stored grant
    @Test
    void storedGrantIsRevokedByTheSeedsOwnCountOfFourOAuthSlots() {
        sim.settings().maxApprovalsPerUserPerApp(4);
        Tokens stored = connect();
        for (int retry = 0; retry < 3; retry++) {
            reauthoriseWithoutStoring();
        }
        refreshed(stored.refreshToken());

        reauthoriseWithoutStoring();

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(stored.refreshToken()));
    }

    // 3, seed "Rotation requires client discipline": a client that does not persist the rotated refresh
    // token presents the rotated-out one on its next refresh and fails
    @Test
    void clientThatDoesNotPersistTheRotatedRefreshTokenFailsOnItsNextRefresh() {
        app.refreshTokenRotation(true);
        Tokens stored = connect();
        JsonNode first = refreshed(stored.refreshToken());
        assertTrue(first.has("refresh_token"), "the response carried the new refresh token; the client dropped it");

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(stored.refreshToken()));
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(first.get("refresh_token").asText()));
    }

    // a replayed old refresh token (a stale copy, a second worker, a thief) loses the whole grant:
    // the current refresh token and all its access tokens are deleted; REST answers 401 INVALID_SESSION_ID
    @Test
    void replayOfAnOldRefreshTokenLosesTheWholeGrant() {
        app.refreshTokenRotation(true);
        Tokens connected = connect();
        JsonNode second = refreshed(connected.refreshToken());
        JsonNode third = refreshed(second.get("refresh_token").asText());
        String currentRefreshToken = third.get("refresh_token").asText();
        String currentAccessToken = third.get("access_token").asText();
        assertEquals(200, restStatus(currentAccessToken));

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(connected.refreshToken()));

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(currentRefreshToken));
        for (String accessToken : new String[] {connected.accessToken(), second.get("access_token").asText(), currentAccessToken}) {
            HttpResponse<String> rest = get("/services/data/v62.0/limits", accessToken);
            assertEquals(401, rest.statusCode());
            assertEquals(INVALID_SESSION, rest.body());
        }
        assertTrue(sim.grants(user, app).isEmpty());
    }
}
