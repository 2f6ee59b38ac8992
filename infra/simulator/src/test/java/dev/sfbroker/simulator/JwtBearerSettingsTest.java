package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings for what Salesforce's documented behaviour marks UNCERTAIN. */
class JwtBearerSettingsTest extends SimulatorTestBase {

    // My Domain aud, when enabled
    @Test
    void myDomainAudienceIsAcceptedWhenEnabled() {
        org.myDomain("https://acme.my.salesforce.com");
        sim.settings().acceptMyDomainAudience(true);
        HttpResponse<String> response = exchange(assertion().audience("https://acme.my.salesforce.com"));
        assertEquals(200, response.statusCode(), response.body());
    }

    // the restforce client sends a scheme-less aud, when enabled
    @Test
    void schemelessAudienceIsAcceptedOnlyWhenEnabled() {
        assertOAuthError(OAuthErrors.AUDIENCE_INVALID, exchange(assertion().audience("login.salesforce.com")));
        sim.settings().acceptSchemelessAudience(true);
        assertEquals(200, exchange(assertion().audience("login.salesforce.com")).statusCode());
    }

    // prn alias can be switched off
    @Test
    void prnClaimIsIgnoredWhenDisabled() {
        sim.settings().acceptPrnClaim(false);
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED,
                exchange(assertion().claim("sub", null).claim("prn", user.username())));
    }

    // backward clock skew for exp
    @Test
    void backwardSkewLetsASlightlyPastExpThrough() {
        JwtAssertion pastExp = assertion().expiresAt(sim.clock().instant().minusSeconds(30));
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE, exchange(pastExp));
        sim.settings().jwtExpBackwardSkew(Duration.ofMinutes(1));
        assertEquals(200, exchange(pastExp).statusCode());
    }

    // the optional 3-minute maximum
    @Test
    void expBeyondThreeMinutesIsRejectedWhenTheMaximumIsEnforced() {
        sim.settings().enforceJwtExpMax(true);
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE,
                exchange(assertion().expiresAt(sim.clock().instant().plusSeconds(300))));
        assertEquals(200, exchange(assertion().expiresAt(sim.clock().instant().plusSeconds(170))).statusCode());
    }

    // unknown-user error is configurable
    @Test
    void unknownUserErrorIsConfigurable() {
        OAuthError custom = OAuthError.of("invalid_grant", "invalid user");
        sim.settings().unknownUserError(custom);
        assertOAuthError(custom, exchange(assertionFor("nobody@acme.example")));
    }

    // inactive-user error is configurable
    @Test
    void inactiveUserErrorIsConfigurable() {
        OAuthError custom = OAuthError.of("inactive_user", "User is inactive");
        sim.settings().inactiveUserError(custom);
        user.active(false);
        assertOAuthError(custom, exchange(assertion()));
    }

    // inactive-org error is configurable
    @Test
    void inactiveOrgErrorIsConfigurable() {
        OAuthError custom = OAuthError.of("inactive_org", "Org is locked, closed, or suspended");
        sim.settings().inactiveOrgError(custom);
        org.active(false);
        assertOAuthError(custom, exchange(assertion()));
    }

    // OAUTH_APP_ACCESS_DENIED for an admin-approved-only app's unassigned user, when chosen;
    // a prior approval still lets the user in
    @Test
    void notAdminApprovedErrorCanBeOAuthAppAccessDenied() {
        sim.settings().notAdminApprovedError(OAuthErrors.OAUTH_APP_ACCESS_DENIED);
        SimUser other = org.addUser("other@acme.example", "Standard User");
        assertOAuthError(OAuthErrors.OAUTH_APP_ACCESS_DENIED, exchange(assertionFor(other.username())));
        app.recordSelfApproval(other);
        assertEquals(200, exchange(assertionFor(other.username())).statusCode());
    }

    // the setting leaves self-authorize apps and a classic app's user of another org alone
    @Test
    void notAdminApprovedErrorAppliesOnlyToAdminApprovedApps() {
        sim.settings().notAdminApprovedError(OAuthErrors.OAUTH_APP_ACCESS_DENIED);
        SimUser stranger = sim.addOrg("globex").addUser("integration@globex.example");
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor(stranger.username())));
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE);
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertion()));
    }

    // the error code for a missing external client app is UNCERTAIN, so configurable
    @Test
    void ecaNotInstalledErrorIsConfigurable() {
        OAuthError custom = OAuthError.of("invalid_grant", "External client app is not installed in this org");
        sim.settings().ecaNotInstalledError(custom);
        app.externalClientApp(true);
        SimUser stranger = sim.addOrg("globex").addUser("integration@globex.example");
        assertOAuthError(custom, exchange(assertionFor(stranger.username())));
    }

    // rate_limit_exceeded as the alternative code, once the hourly limit is used up
    @Test
    void loginRateErrorCanBeRateLimitExceeded() {
        sim.settings().loginRatePerHour(1).loginRateExceededError(OAuthErrors.RATE_LIMIT_EXCEEDED);
        assertEquals(200, exchange(assertion()).statusCode());
        assertOAuthError(OAuthErrors.RATE_LIMIT_EXCEEDED, exchange(assertion()));
    }

    // the doc example has no issued_at or signature
    @Test
    void issuedAtAndSignatureCanBeOmitted() {
        sim.settings().jwtIssuedAtAndSignature(false);
        JsonNode body = json(exchange(assertion()));
        assertFalse(body.has("issued_at"));
        assertFalse(body.has("signature"));
        assertTrue(body.has("access_token"));
    }

    // repeat exchange returns the live token, when enabled; a new one once it is dead
    @Test
    void repeatExchangeReturnsTheLiveTokenWhenEnabled() {
        sim.settings().jwtReuseLiveSession(true);
        String first = accessToken();
        assertEquals(first, accessToken());
        sim.session(first).orElseThrow().revoke();
        assertNotEquals(first, accessToken());
    }

    // a reused session still counts as a login
    @Test
    void reusedSessionStillCountsAsALogin() {
        sim.settings().jwtReuseLiveSession(true);
        accessToken();
        accessToken();
        assertEquals(2, sim.loginsInLastHour(user));
    }
}
