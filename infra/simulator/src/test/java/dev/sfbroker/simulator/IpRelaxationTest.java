package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A connected app's IP relaxation for an IP-restricted user, on JWT logins and on refreshes. */
class IpRelaxationTest extends GrantTestBase {

    // 2 ENFORCE (default): both the JWT login and the refresh are refused
    @Test
    void enforceRefusesJwtAndRefresh() {
        Tokens tokens = connect();
        user.ipRestricted(true);
        assertOAuthError(OAuthErrors.IP_RESTRICTED, exchange(assertion()));
        assertOAuthError(OAuthErrors.IP_RESTRICTED, refresh(tokens.refreshToken()));
    }

    // 2 ENFORCE_RELAXREFRESH: "Enforce, except when refresh tokens are exchanged"
    @Test
    void enforceRelaxRefreshRefusesJwtButNotRefresh() {
        app.ipRelaxation(IpRelaxation.ENFORCE_RELAXREFRESH);
        Tokens tokens = connect();
        user.ipRestricted(true);
        assertOAuthError(OAuthErrors.IP_RESTRICTED, exchange(assertion()));
        refreshed(tokens.refreshToken());
    }

    // 2 BYPASS and BYPASS_2FACTOR: no IP restrictions
    @Test
    void bypassPoliciesNeverRefuse() {
        Tokens tokens = connect();
        user.ipRestricted(true);
        for (IpRelaxation bypass : new IpRelaxation[] {IpRelaxation.BYPASS, IpRelaxation.BYPASS_2FACTOR}) {
            app.ipRelaxation(bypass);
            assertEquals(200, exchange(assertion()).statusCode(), bypass::name);
            refreshed(tokens.refreshToken());
        }
    }
}
