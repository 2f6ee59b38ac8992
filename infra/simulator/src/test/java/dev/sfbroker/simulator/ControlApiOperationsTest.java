package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings, faults, clock, counters, logins, sessions and reset through {@code /__sim/}. */
class ControlApiOperationsTest extends ControlApiTestBase {

    private static final String LIMITS = "/services/data/v62.0/limits";

    // every SimSettings knob is one JSON field of the same name
    @Test
    void settingsJsonHasOneFieldPerSetting() {
        Set<String> setters = Arrays.stream(SimSettings.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 1
                        && m.getReturnType() == SimSettings.class)
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fields = new TreeSet<>();
        control(200, "GET", "settings", null).fieldNames().forEachRemaining(fields::add);
        assertEquals(setters, fields);
    }

    // 2 over HTTP: PATCH changes one knob, and it takes effect on the next call
    @Test
    void patchedSettingTakesEffect() {
        JsonNode settings = control(200, "PATCH", "settings",
                "{\"loginRatePerHour\":1,\"loginRateExceededError\":{\"error\":\"rate_limit_exceeded\",\"description\":\"number of logins exceeded\"}}");
        assertEquals(1, settings.get("loginRatePerHour").asInt());
        assertEquals(200, exchange(assertion()).statusCode());
        assertOAuthError(OAuthErrors.RATE_LIMIT_EXCEEDED, exchange(assertion()));
    }

    // PUT replaces: fields not given go back to their defaults
    @Test
    void putReplacesEverySetting() {
        sim.settings().acceptPrnClaim(false).loginRatePerHour(5);
        JsonNode settings = control(200, "PUT", "settings", "{\"sessionTimeoutRule\":\"APP_OVERRIDES_ORG\"}");
        assertEquals("APP_OVERRIDES_ORG", settings.get("sessionTimeoutRule").asText());
        assertTrue(sim.settings().acceptPrnClaim());
        assertEquals(3_600, sim.settings().loginRatePerHour());
        assertEquals(SessionTimeoutRule.APP_OVERRIDES_ORG, sim.settings().sessionTimeoutRule());
    }

    // a value a setter refuses is a 400 and changes nothing, not even the valid fields beside it
    @Test
    void refusedSettingChangesNothing() {
        assertBadRequest("limit must not be negative", "PATCH", "settings", "{\"acceptPrnClaim\":false,\"loginRatePerHour\":-1}");
        assertTrue(sim.settings().acceptPrnClaim());
        assertBadRequest("unknown field 'loginRate'", "PUT", "settings", "{\"loginRate\":1}");
        assertBadRequest("field 'unknownUserError': an error needs a 4xx or 5xx status", "PATCH", "settings",
                "{\"unknownUserError\":{\"error\":\"x\",\"description\":\"y\",\"status\":200}}");
    }

    // faults over HTTP: arm, list, trip, disarm
    @Test
    void faultsCanBeArmedListedAndClearedOverHttp() {
        JsonNode armed = control(201, "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"fail\",\"status\":503,\"times\":1}");
        assertEquals(1, armed.get("remaining").asInt());
        assertEquals(1, control(200, "GET", "faults", null).size());
        HttpResponse<String> faulted = exchange(assertion());
        assertEquals(503, faulted.statusCode());
        assertTrue(faulted.body().contains("maintenance"));
        assertEquals(0, control(200, "GET", "faults", null).size(), "used up");

        control(201, "POST", "faults", "{\"endpoint\":\"rest\",\"action\":\"latency\",\"delay\":\"PT0.05S\",\"probability\":1.0,\"seed\":3}");
        control(201, "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"timeout\",\"hold\":\"PT30S\"}");
        control(204, "DELETE", "faults/rest", null);
        assertEquals(Set.of(SimEndpoint.TOKEN), sim.faults().armed().stream().map(SimFault::endpoint).collect(Collectors.toSet()));
        control(204, "DELETE", "faults", null);
        assertTrue(sim.faults().armed().isEmpty());
    }

    // fault (response lost after the token was issued) armed over HTTP
    @Test
    void loseResponseFaultCanBeArmedOverHttp() {
        JsonNode armed = control(201, "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"loseResponse\"}");
        assertTrue(armed.get("untilCleared").asBoolean());
        assertEquals(FaultAction.LoseResponse.class, sim.faults().armed().get(0).action().getClass());
    }

    // fault input validation
    @Test
    void badFaultsAreBadRequests() {
        assertBadRequest("field 'endpoint' must be one of " + Arrays.stream(SimEndpoint.values()).map(SimEndpoint::key).toList(),
                "POST", "faults", "{\"endpoint\":\"soap\",\"action\":\"fail\",\"status\":503}");
        assertBadRequest("field 'action' must be one of", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"explode\"}");
        assertBadRequest("unknown field 'hold'", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"fail\",\"status\":503,\"hold\":\"PT1S\"}");
        assertBadRequest("a failure needs a 4xx or 5xx status", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"fail\",\"status\":200}");
        assertBadRequest("not both", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"loseResponse\",\"times\":1,\"probability\":0.5}");
        assertBadRequest("a probability is between 0 and 1", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"loseResponse\",\"probability\":2}");
        assertTrue(sim.faults().armed().isEmpty());
        control(404, "DELETE", "faults/soap", null);
    }

    // the clock moved over HTTP: advancing past the session timeout expires the token
    @Test
    void clockAdvancedOverHttpExpiresSessions() {
        String token = accessToken();
        control(200, "POST", "clock/advance", "{\"by\":\"PT121M\"}");
        assertEquals(401, get(LIMITS, token).statusCode());
    }

    // the clock can be set, frozen, resumed and reset over HTTP
    @Test
    void clockCanBeSetFrozenAndResetOverHttp() {
        JsonNode frozen = control(200, "PUT", "clock", "{\"now\":\"2030-01-01T00:00:00Z\",\"frozen\":true}");
        assertEquals("2030-01-01T00:00:00Z", frozen.get("now").asText());
        assertTrue(frozen.get("frozen").asBoolean());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), sim.clock().instant());
        assertEquals("2030-01-01T02:00:00Z", control(200, "POST", "clock/advance", "{\"by\":\"PT2H\"}").get("now").asText());
        assertFalse(control(200, "PUT", "clock", "{\"frozen\":false}").get("frozen").asBoolean());
        assertTrue(sim.clock().instant().isAfter(Instant.parse("2030-01-01T01:59:59Z")));
        control(200, "DELETE", "clock", null);
        assertTrue(Duration.between(Instant.now(), sim.clock().instant()).abs().toSeconds() < 5);
        assertBadRequest("field 'by' must be an ISO-8601 duration", "POST", "clock/advance", "{\"by\":\"2h\"}");
    }

    // logins per user in the rolling hour are readable and resettable over HTTP
    @Test
    void loginsInTheRollingHourAreReadableOverHttp() {
        accessToken();
        accessToken();
        JsonNode logins = control(200, "GET", "logins", null);
        assertEquals(3_600, logins.get("limitPerHour").asInt());
        assertEquals(2, logins.get("byUser").get(user.username()).asInt());
        sim.clock().advance(Duration.ofMinutes(61));
        assertEquals(0, control(200, "GET", "logins", null).get("byUser").size(), "the window rolls");
        sim.clock().advance(Duration.ofMinutes(-61));
        control(204, "DELETE", "logins", null);
        assertEquals(0, sim.loginsInLastHour(user));
    }

    // live sessions and approvals are counted by grant type, app and user, never shown
    @Test
    void sessionAndGrantCountsAreReadableOverHttp() {
        String token = accessToken();
        sim.settings().jwtTakesApprovalSlot(true);
        accessToken();
        JsonNode sessions = control(200, "GET", "sessions", null);
        assertEquals(2, sessions.get("live").asInt());
        assertEquals(2, sessions.get("byGrantType").get(JWT_BEARER).asInt());
        assertEquals(2, sessions.get("byApp").get(app.consumerKey()).asInt());
        assertEquals(2, sessions.get("byUser").get(user.username()).asInt());
        assertEquals(1, sessions.get("grants").get("live").asInt());
        assertEquals(1, sessions.get("grants").get("byUser").get(user.username()).asInt());
        assertFalse(sessions.toString().contains(token));
    }

    // POST /__sim/reset: back to a just-started simulator on the same port
    @Test
    void resetForgetsEverything() {
        accessToken();
        sim.settings().loginRatePerHour(7);
        sim.faults().on(SimEndpoint.REST_API).failWith(503);
        sim.clock().advance(Duration.ofDays(1));
        control(204, "POST", "reset", null);
        assertTrue(sim.orgs().isEmpty());
        assertTrue(sim.user(user.username()).isEmpty());
        assertTrue(sim.liveSessions().isEmpty());
        assertEquals(0, sim.counters().totalCalls());
        assertEquals(3_600, sim.settings().loginRatePerHour());
        assertTrue(sim.faults().armed().isEmpty());
        assertTrue(Duration.between(Instant.now(), sim.clock().instant()).abs().toMinutes() < 1);
        assertEquals(200, get("/services/data", null).statusCode());
    }

    // control calls are neither counted nor faulted
    @Test
    void controlCallsAreNeitherCountedNorFaulted() {
        sim.faults().on(SimEndpoint.OTHER).failWith(503);
        control(200, "GET", "settings", null);
        assertEquals(0, sim.counters().totalCalls());
        assertEquals(503, get("/elsewhere", null).statusCode(), "unknown paths are the OTHER endpoint");
    }
}
