package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Counting of the grant-model endpoints: per endpoint, per grant type, per user. */
class GrantCountersTest extends GrantTestBase {

    // authorize, revoke and introspect are endpoints of their own; refresh and code exchanges are grant types
    @Test
    void grantModelCallsAreCountedPerEndpointGrantTypeAndUser() {
        Tokens tokens = connect();                                   // authorize + token (authorization_code)
        refresh(tokens.refreshToken());                              // token (refresh_token)
        refresh("5Aep861unknown");                                   // token (refresh_token), no user
        introspect(tokens.accessToken(), app);                       // introspect
        revoke(tokens.refreshToken());                               // revoke
        revoke("bogus");                                             // revoke, no user

        SimCounters counters = sim.counters();
        assertEquals(1, counters.calls(SimEndpoint.AUTHORIZE));
        assertEquals(3, counters.tokenCalls());
        assertEquals(1, counters.authorizationCodeCalls());
        assertEquals(2, counters.refreshTokenCalls());
        assertEquals(1, counters.calls(SimEndpoint.INTROSPECT));
        assertEquals(2, counters.calls(SimEndpoint.REVOKE));
        assertEquals(7, counters.totalCalls());
        assertEquals(1, counters.userCalls(user.username(), SimEndpoint.AUTHORIZE));
        assertEquals(2, counters.userCalls(user.username(), SimEndpoint.TOKEN));
        assertEquals(1, counters.userCalls(user.username(), SimEndpoint.INTROSPECT));
        assertEquals(1, counters.userCalls(user.username(), SimEndpoint.REVOKE));
    }

    // the control API's counters JSON names the new endpoints
    @Test
    void controlApiShowsTheNewEndpoints() {
        connect();
        revoke("bogus");
        JsonNode body = json(get("/__sim/counters", null));
        assertEquals(1, body.get("byEndpoint").get("authorize").asLong());
        assertEquals(1, body.get("byEndpoint").get("revoke").asLong());
        assertEquals(0, body.get("byEndpoint").get("introspect").asLong());
        assertEquals(1, body.get("byGrantType").get("authorization_code").asLong());
        assertEquals(1, body.get("byUser").get(user.username()).get("authorize").asLong());
    }
}
