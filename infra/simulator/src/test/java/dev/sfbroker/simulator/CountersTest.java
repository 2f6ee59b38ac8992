package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Call counters ("counts every call"). */
class CountersTest extends SimulatorTestBase {

    // every call is counted per endpoint, per grant type and per user, failures included
    @Test
    void callsAreCountedPerEndpointGrantAndUser() {
        String token = accessToken();
        exchange(assertion().audience(TEST));                        // fails, still a JWT token call for the user
        postForm(Map.of("grant_type", "password"));                   // unsupported grant, no user
        get("/services/data/v62.0/limits", token);
        get("/services/data/v62.0/limits", "bogus");                  // 401, no user
        get("/nowhere", null);

        SimCounters counters = sim.counters();
        assertEquals(3, counters.tokenCalls());
        assertEquals(2, counters.jwtBearerCalls());
        assertEquals(1, counters.tokenCalls("password"));
        assertEquals(2, counters.restCalls());
        assertEquals(1, counters.calls(SimEndpoint.OTHER));
        assertEquals(6, counters.totalCalls());
        assertEquals(3, counters.userCalls(user.username()));
        assertEquals(2, counters.userCalls(user.username(), SimEndpoint.TOKEN));
        assertEquals(1, counters.userCalls("INTEGRATION@acme.example", SimEndpoint.REST_API));
    }

    // tests and benchmarks start from zero
    @Test
    void resetSetsEveryCounterToZero() {
        accessToken();
        sim.counters().reset();
        assertEquals(0, sim.counters().totalCalls());
        assertEquals(0, sim.counters().jwtBearerCalls());
        assertEquals(0, sim.counters().userCalls(user.username()));
    }

    // a token call without grant_type is counted under "(none)"
    @Test
    void missingGrantTypeIsCountedUnderNone() {
        postForm(Map.of());
        assertEquals(1, sim.counters().tokenCalls(SimCounters.NO_GRANT_TYPE));
    }

    // the control API serves the counters as JSON, and does not count itself
    @Test
    void controlApiServesCountersAsJson() {
        accessToken();
        HttpResponse<String> response = get("/__sim/counters", null);
        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals(1, body.get("totalCalls").asLong());
        assertEquals(1, body.get("byEndpoint").get("token").asLong());
        assertEquals(1, body.get("byGrantType").get(JWT_BEARER).asLong());
        assertEquals(1, body.get("byUser").get(user.username()).get("token").asLong());
        assertEquals(1, sim.counters().totalCalls());
    }

    // DELETE /__sim/counters resets
    @Test
    void controlApiResetsCounters() {
        accessToken();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/__sim/counters")).DELETE());
        assertEquals(204, response.statusCode());
        assertEquals(0, sim.counters().totalCalls());
    }
}
