package dev.sfbroker.simulator;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every JWT bearer error row of Salesforce's documented behaviour, checked in the order of */
class JwtBearerErrorsTest extends SimulatorTestBase {

    // wrong grant_type string
    @Test
    void unknownGrantTypeIsUnsupported() {
        assertOAuthError(OAuthErrors.UNSUPPORTED_GRANT_TYPE,
                postForm(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt", "assertion", assertion().sign(KEYS.privateKey()))));
    }

    // no grant_type at all
    @Test
    void missingGrantTypeIsUnsupported() {
        assertOAuthError(OAuthErrors.UNSUPPORTED_GRANT_TYPE, postForm(Map.of("assertion", "x")));
    }

    // form bodies only; a JSON body carries no readable grant_type
    @Test
    void jsonBodyIsNotReadAsAForm() {
        String body = "{\"grant_type\":\"" + JWT_BEARER + "\",\"assertion\":\"" + assertion().sign(KEYS.privateKey()) + "\"}";
        assertOAuthError(OAuthErrors.UNSUPPORTED_GRANT_TYPE, send(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    // unknown iss (consumer key)
    @Test
    void unknownIssuerIsInvalidClientId() {
        assertOAuthError(OAuthErrors.INVALID_CLIENT_ID, exchange(assertion().issuer("3MVG9unknownKey")));
    }

    // iss is checked before the signature
    @Test
    void unknownIssuerWinsOverBadSignature() {
        assertOAuthError(OAuthErrors.INVALID_CLIENT_ID,
                exchange(assertion().issuer("3MVG9unknownKey").sign(OTHER_KEYS.privateKey())));
    }

    // key doesn't match the uploaded certificate
    @Test
    void signatureByAnotherKeyIsInvalidAssertion() {
        assertOAuthError(OAuthErrors.INVALID_ASSERTION, exchange(assertion().sign(OTHER_KEYS.privateKey())));
    }

    // RS256 only
    @Test
    void nonRs256AlgorithmIsInvalidAssertion() {
        assertOAuthError(OAuthErrors.INVALID_ASSERTION, exchange(assertion().algorithm(JWSAlgorithm.RS512)));
    }

    // 6 (simulator choice): something that is not a JWT at all
    @Test
    void garbageAssertionIsInvalidAssertion() {
        assertOAuthError(OAuthErrors.INVALID_ASSERTION, exchange("not-a-jwt"));
    }

    // without "Use digital signatures" there is no key to verify with
    @Test
    void appWithoutCertificateRejectsAssertions() {
        app.certificate(null);
        assertOAuthError(OAuthErrors.INVALID_ASSERTION, exchange(assertion()));
    }

    // aud of the other login host
    @Test
    void wrongAudienceIsAudienceInvalid() {
        assertOAuthError(OAuthErrors.AUDIENCE_INVALID, exchange(assertion().audience(TEST)));
    }

    // My Domain aud is not accepted by default (UNCERTAIN, setting off)
    @Test
    void myDomainAudienceIsRejectedByDefault() {
        org.myDomain("https://acme.my.salesforce.com");
        assertOAuthError(OAuthErrors.AUDIENCE_INVALID, exchange(assertion().audience("https://acme.my.salesforce.com")));
    }

    // exp in the past
    @Test
    void expiredExpIsExpiredAuthorizationCode() {
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE,
                exchange(assertion().expiresAt(sim.clock().instant().minusSeconds(1))));
    }

    // an assertion that was fine goes stale as the clock moves past exp
    @Test
    void assertionExpiresWhenTheClockPassesExp() {
        String jwt = assertion().sign(KEYS.privateKey());
        sim.clock().advance(Duration.ofMinutes(4));
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE, exchange(jwt));
    }

    // 6 (simulator choice): missing or non-numeric exp
    @Test
    void nonNumericExpIsInvalidAssertion() {
        assertOAuthError(OAuthErrors.INVALID_ASSERTION, exchange(assertion().claim("exp", "tomorrow")));
    }

    // org locked, closed or suspended
    @Test
    void lockedOrgIsInactiveOrg() {
        org.active(false);
        assertOAuthError(OAuthErrors.INACTIVE_ORG, exchange(assertion()));
    }

    // the org is checked after exp and before the user (inactive, or unknown)
    @Test
    void inactiveOrgIsCheckedAfterExpAndBeforeTheUser() {
        org.active(false);
        user.active(false);
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE,
                exchange(assertion().expiresAt(sim.clock().instant().minusSeconds(1))));
        assertOAuthError(OAuthErrors.INACTIVE_ORG, exchange(assertion()));
        assertOAuthError(OAuthErrors.INACTIVE_ORG, exchange(assertionFor("nobody@acme.example")));
    }

    // unknown sub; UNCERTAIN, default "user hasn't approved this consumer"
    @Test
    void unknownUserGetsUserNotApprovedByDefault() {
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor("nobody@acme.example")));
    }

    // inactive user
    @Test
    void inactiveUserIsInactiveUser() {
        user.active(false);
        assertOAuthError(OAuthErrors.INACTIVE_USER, exchange(assertion()));
    }

    // neither pre-authorized nor self-approved
    @Test
    void userWithoutApprovalIsNotApproved() {
        SimUser other = org.addUser("other@acme.example", "Standard User");
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor(other.username())));
    }

    // a classic connected app serves its own org only; a user of another org has not approved it
    @Test
    void classicAppRejectsAUserOfAnotherOrgAsNotApproved() {
        SimUser stranger = sim.addOrg("globex").addUser("integration@globex.example");
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor(stranger.username())));
    }

    // an external client app not installed in the user's org; found before the user's
    // own state, so an inactive user gets the same answer
    @Test
    void externalClientAppNotInstalledInTheUsersOrgIsNotFound() {
        app.externalClientApp(true);
        SimUser stranger = sim.addOrg("globex").addUser("integration@globex.example");
        assertOAuthError(OAuthErrors.OAUTH_EC_APP_NOT_FOUND, exchange(assertionFor(stranger.username())));
        stranger.active(false);
        assertOAuthError(OAuthErrors.OAUTH_EC_APP_NOT_FOUND, exchange(assertionFor(stranger.username())));
    }

    // assigned profiles count only when the app is admin-approved
    @Test
    void selfAuthorizePolicyWithoutApprovalIsNotApproved() {
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE);
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertion()));
    }

    // IP range / login hours
    @Test
    void ipRestrictedUserIsRejected() {
        user.ipRestricted(true);
        assertOAuthError(OAuthErrors.IP_RESTRICTED, exchange(assertion()));
    }

    // logins per user per rolling hour (limit lowered to 3 for the test)
    @Test
    void loginRateExceededAfterTheHourlyLimit() {
        sim.settings().loginRatePerHour(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, exchange(assertion()).statusCode());
        }
        assertOAuthError(OAuthErrors.LOGIN_RATE_EXCEEDED, exchange(assertion()));
        assertEquals(3, sim.loginsInLastHour(user));
    }

    // the window is rolling; an hour later the user can log in again
    @Test
    void loginRateRecoversAfterAnHour() {
        sim.settings().loginRatePerHour(1);
        assertEquals(200, exchange(assertion()).statusCode());
        assertOAuthError(OAuthErrors.LOGIN_RATE_EXCEEDED, exchange(assertion()));
        sim.clock().advance(Duration.ofMinutes(61));
        assertEquals(200, exchange(assertion()).statusCode());
    }

    // the default limit is 3,600 per user per hour
    @Test
    void defaultLoginRateIs3600PerHour() {
        assertEquals(3_600, sim.settings().loginRatePerHour());
    }

    // the observed headers on errors
    @Test
    void errorResponsesCarryNoStoreHeaders() {
        var response = exchange(assertion().audience(TEST));
        assertEquals(Http.NO_STORE, response.headers().firstValue("Cache-Control").orElseThrow());
    }
}
