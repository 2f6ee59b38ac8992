package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grant store's memory bound, without HTTP (the behaviour over HTTP is in {@link RefreshTokenRotationTest}). */
class GrantStoreTest {

    // a long rotation run does not grow without bound: the oldest rotated-out tokens are forgotten
    @Test
    void onlyTheLastThousandRotatedOutTokensAreRemembered() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            SimOrg org = sim.addOrg("acme");
            SimUser user = org.addUser("integration@acme.example");
            SimConnectedApp app = org.addConnectedApp("Token Broker");
            GrantStore store = new GrantStore(sim.clock(), sim.settings());
            SimGrant grant = store.create(user, app, "authorization_code", List.of("api", "refresh_token"), true);
            String first = grant.refreshToken().orElseThrow();
            String token = first;
            String second = null;
            for (int i = 0; i <= SimGrant.REMEMBERED_PREDECESSORS; i++) {
                token = store.rotate(grant, token).orElseThrow();
                second = second == null ? token : second;
            }
            assertTrue(store.byRefreshToken(first).isEmpty(), "forgotten: reads as unknown");
            assertEquals(grant, store.byRefreshToken(second).orElseThrow(), "still remembered: a reuse would be caught");
            assertEquals(grant, store.byRefreshToken(token).orElseThrow());
        }
    }
}
