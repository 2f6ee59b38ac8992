package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The refresh_token grant: request, response, client checks, the four policies, user state. */
class RefreshTokenGrantTest extends GrantTestBase {

    // access_token, instance_url, id, issued_at, signature, token_type, scope; no refresh_token, no expires_in
    @Test
    void refreshResponseHasNoExpiresInAndNoRefreshToken() {
        Tokens tokens = connect();
        sim.clock().freeze().advance(Duration.ofMinutes(5));
        JsonNode body = refreshed(tokens.refreshToken());

        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("access_token", "scope", "instance_url", "id", "token_type", "issued_at", "signature"), fields);
        assertEquals(Long.toString(sim.clock().millis()), body.get("issued_at").asText(), "issued_at is epoch ms");
        assertEquals(TokenResponses.signature(app.consumerSecret(), body.get("id").asText(), body.get("issued_at").asText()),
                body.get("signature").asText());
        String newAccessToken = body.get("access_token").asText();
        assertNotEquals(tokens.accessToken(), newAccessToken);
        assertEquals(200, restStatus(newAccessToken));
        assertEquals(200, restStatus(tokens.accessToken()), "a refresh leaves the earlier session alone");
    }

    // a refresh is a use of the grant: use count, last used date, the new session is the grant's
    @Test
    void refreshCountsAUseOfTheGrant() {
        Tokens tokens = connect();
        sim.clock().freeze().advance(Duration.ofHours(1));
        String accessToken = refreshed(tokens.refreshToken()).get("access_token").asText();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        assertEquals(1, grant.useCount());
        assertEquals(sim.clock().instant(), grant.lastUsedDate());
        assertEquals(grant, sim.session(accessToken).orElseThrow().grant().orElseThrow());
        assertEquals(List.of(tokens.accessToken(), accessToken),
                grant.sessions().stream().map(SimSession::accessToken).toList());
        assertEquals(1, sim.counters().refreshTokenCalls());
    }

    // without rotation the same refresh token keeps working
    @Test
    void withoutRotationTheRefreshTokenIsReusable() {
        Tokens tokens = connect();
        refreshed(tokens.refreshToken());
        refreshed(tokens.refreshToken());
        assertEquals(2, sim.grant(tokens.refreshToken()).orElseThrow().useCount());
    }

    // a refresh token the org never issued
    @Test
    void unknownRefreshTokenIsExpired() {
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh("5Aep861notarefreshtoken"));
    }

    // unknown client_id
    @Test
    void unknownClientIdIsInvalidClientId() {
        Map<String, String> form = refreshForm(connect().refreshToken());
        form.put("client_id", "3MVG9unknown");
        assertOAuthError(OAuthErrors.INVALID_CLIENT_ID, postForm(form));
    }

    // a refresh token presented by another app's credentials
    @Test
    void refreshTokenOfAnotherAppIsInvalidClientId() {
        SimConnectedApp other = org.addConnectedApp("Other");
        Map<String, String> form = refreshForm(connect().refreshToken());
        form.put("client_id", other.consumerKey());
        form.put("client_secret", other.consumerSecret());
        assertOAuthError(OAuthErrors.INVALID_CLIENT_ID, postForm(form));
    }

    // isSecretRequiredForRefreshToken defaults to true: missing or wrong secret
    @Test
    void missingOrWrongSecretIsInvalidClient() {
        Map<String, String> form = refreshForm(connect().refreshToken());
        form.put("client_secret", "WRONG");
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postForm(form));
        form.remove("client_secret");
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postForm(form));
    }

    // secret not required: none is fine, but a sent secret is still validated
    @Test
    void secretNotRequiredStillValidatesASentSecret() {
        app.secretRequiredForRefreshToken(false);
        Map<String, String> form = refreshForm(connect().refreshToken());
        form.remove("client_secret");
        assertEquals(200, postForm(form).statusCode());
        form.put("client_secret", "WRONG");
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postForm(form));
    }

    // 400 by default; a setting gives the 401 reading
    @Test
    void invalidClientStatusIsASetting() {
        OAuthError unauthorized = new OAuthError("invalid_client", "invalid client credentials", 401);
        sim.settings().invalidClientError(unauthorized);
        Map<String, String> form = refreshForm(connect().refreshToken());
        form.put("client_secret", "WRONG");
        assertOAuthError(unauthorized, postForm(form));
    }

    // "infinite" (default): valid until revoked, whatever the time
    @Test
    void infinitePolicyRefreshTokenOutlivesEverySession() {
        Tokens tokens = connect();
        sim.clock().advance(Duration.ofDays(400));
        assertEquals(401, restStatus(tokens.accessToken()));
        refreshed(tokens.refreshToken());
    }

    // "zero": the refresh token never works; the current access token lives on until its session ends
    @Test
    void zeroPolicyRefreshTokenFailsAtOnceButTheSessionLives() {
        app.refreshTokenPolicy(RefreshTokenPolicy.zero());
        Tokens tokens = connect();
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
        assertEquals(200, restStatus(tokens.accessToken()));
    }

    // "specific_lifetime": fixed from the approval, refreshing does not extend it
    @Test
    void lifetimePolicyCountsFromTheApproval() {
        app.refreshTokenPolicy(RefreshTokenPolicy.lifetime(2, RefreshTokenPolicy.Unit.HOURS));
        sim.clock().freeze();
        Tokens tokens = connect();
        sim.clock().advance(Duration.ofMinutes(119));
        refreshed(tokens.refreshToken());
        sim.clock().advance(Duration.ofMinutes(1));
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
    }

    // "specific_inactivity": a sliding window, reset by each successful refresh
    @Test
    void inactivityPolicySlidesWithEachRefresh() {
        app.refreshTokenPolicy(RefreshTokenPolicy.inactivity(Duration.ofHours(2)));
        sim.clock().freeze();
        Tokens tokens = connect();
        for (int i = 0; i < 3; i++) {
            sim.clock().advance(Duration.ofMinutes(119));
            refreshed(tokens.refreshToken());
        }
        sim.clock().advance(Duration.ofHours(2));
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
    }

    // the policy is evaluated at use, so a stricter policy catches refresh tokens already out
    @Test
    void policyChangeAppliesToRefreshTokensAlreadyIssued() {
        Tokens tokens = connect();
        app.refreshTokenPolicy(RefreshTokenPolicy.zero());
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
    }

    // an admin blocked the app (Connected Apps OAuth Usage); unblocked, the grant refreshes again
    @Test
    void aBlockedAppCannotRefresh() {
        Tokens tokens = connect();
        app.blocked(true);
        assertOAuthError(OAuthErrors.OAUTH_APP_BLOCKED, refresh(tokens.refreshToken()));
        app.blocked(false);
        refreshed(tokens.refreshToken());
    }

    // inactive user; locked org
    @Test
    void inactiveUserOrOrgCannotRefresh() {
        Tokens tokens = connect();
        user.active(false);
        assertOAuthError(OAuthErrors.INACTIVE_USER, refresh(tokens.refreshToken()));
        user.active(true);
        org.active(false);
        assertOAuthError(OAuthErrors.INACTIVE_ORG, refresh(tokens.refreshToken()));
    }

    // a grant an admin revoked: refresh token and access tokens dead
    @Test
    void revokedGrantCannotRefresh() {
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        grant.revoke();
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
        assertEquals(401, restStatus(tokens.accessToken()));
        assertEquals(SimGrant.Revocation.REVOKED, grant.revocation().orElseThrow());
    }

    // whether a refresh is a login is UNCERTAIN: by default it is not counted
    @Test
    void refreshIsNotALoginByDefault() {
        Tokens tokens = connect();
        sim.settings().loginRatePerHour(0);
        refreshed(tokens.refreshToken());
        assertEquals(0, sim.loginsInLastHour(user));
    }

    // counted as a login when the setting says so
    @Test
    void refreshCountsTowardTheLoginRateWhenSet() {
        Tokens tokens = connect();
        sim.settings().refreshCountsAsLogin(true).loginRatePerHour(2);
        refreshed(tokens.refreshToken());
        refreshed(tokens.refreshToken());
        assertOAuthError(OAuthErrors.LOGIN_RATE_EXCEEDED, refresh(tokens.refreshToken()));
        assertEquals(2, sim.loginsInLastHour(user));
    }
}
