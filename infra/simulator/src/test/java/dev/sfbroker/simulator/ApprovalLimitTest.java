package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Five approvals per user per app, the sixth evicting the oldest. */
class ApprovalLimitTest extends GrantTestBase {

    private List<Tokens> connect(int times) {
        List<Tokens> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.add(connect());
        }
        return all;
    }

    // five approvals fit
    @Test
    void fiveApprovalsLiveSideBySide() {
        List<Tokens> all = connect(5);
        assertEquals(5, sim.grants(user, app).size());
        for (Tokens tokens : all) {
            refreshed(tokens.refreshToken());
        }
    }

    // "When a sixth approval is made, the oldest approval is revoked": refresh token and access tokens
    @Test
    void sixthApprovalEvictsTheOldest() {
        List<Tokens> all = connect(6);
        Tokens oldest = all.getFirst();

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(oldest.refreshToken()));
        assertEquals(401, restStatus(oldest.accessToken()));
        assertEquals(5, sim.grants(user, app).size());
        for (Tokens tokens : all.subList(1, 6)) {
            refreshed(tokens.refreshToken());
        }
    }

    // the limit is per user and per app
    @Test
    void approvalsAreCountedPerUserAndApp() {
        Tokens first = connect();
        SimUser colleague = org.addUser("colleague@acme.example");
        app.authorizeAs(colleague);
        connect(5);
        app.authorizeAs(user);
        refreshed(first.refreshToken());
    }

    // a revoked approval frees its slot
    @Test
    void revokedApprovalFreesItsSlot() {
        List<Tokens> all = connect(5);
        assertEquals(200, revoke(all.get(2).refreshToken()).statusCode());
        connect();
        refreshed(all.getFirst().refreshToken());
    }

    // 1 (UNCERTAIN, presumed): a rotated refresh token stays in its grant's slot
    @Test
    void rotatedRefreshTokenKeepsItsGrantsSlot() {
        app.refreshTokenRotation(true);
        String refreshToken = connect().refreshToken();
        for (int i = 0; i < 10; i++) {
            refreshToken = refreshed(refreshToken).get("refresh_token").asText();
        }
        connect(4);
        refreshed(refreshToken);
    }

    // 4 (UNCERTAIN): JWT exchanges issue no refresh token and take no slot by default
    @Test
    void jwtExchangesTakeNoSlotByDefault() {
        Tokens stored = connect();
        for (int i = 0; i < 6; i++) {
            accessToken();
        }
        assertEquals(1, sim.grants(user, app).size());
        refreshed(stored.refreshToken());
    }

    // the setting makes each JWT exchange an approval, which counts and can be evicted
    @Test
    void jwtExchangesTakeASlotWhenSet() {
        sim.settings().jwtTakesApprovalSlot(true);
        String jwtToken = accessToken();
        SimGrant jwtGrant = sim.session(jwtToken).orElseThrow().grant().orElseThrow();
        assertTrue(jwtGrant.refreshToken().isEmpty(), "a JWT approval has no refresh token");
        Tokens stored = connect();
        for (int i = 0; i < 4; i++) {
            accessToken();
        }

        assertEquals(401, restStatus(jwtToken), "the oldest approval, a JWT one, was evicted with its session");
        assertEquals(SimGrant.Revocation.EVICTED, jwtGrant.revocation().orElseThrow());
        accessToken();
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(stored.refreshToken()));
    }

    // the limit is a setting (a 2017 blog counts "1 web session + 4 OAuth")
    @Test
    void approvalLimitIsASetting() {
        sim.settings().maxApprovalsPerUserPerApp(4);
        List<Tokens> all = connect(5);
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(all.getFirst().refreshToken()));
        assertEquals(4, sim.grants(user, app).size());
    }
}
