package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection over real HTTP (latency, 5xx, a response lost
 * after the token was issued; plus timeouts). Faulted calls go through a fresh client each, so a
 * pooled connection's transparent retry cannot hide the fault.
 */
class FaultsTest extends SimulatorTestBase {

    private static final String LIMITS = "/services/data/v62.0/limits";

    // fault (latency): the call waits, then is handled as usual
    @Test
    void latencyDelaysTheAnswerThenHandlesTheCall() throws Exception {
        sim.faults().on(SimEndpoint.TOKEN).once().latency(Duration.ofMillis(300));
        long started = System.nanoTime();
        HttpResponse<String> response = fresh(tokenRequest(), Duration.ofSeconds(5));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(millis >= 300, "answered after " + millis + " ms");
    }

    // fault (5xx): an outage page instead of handling: no token, but the call is counted
    @Test
    void failAnswersAMaintenancePageInsteadOfHandlingTheCall() throws Exception {
        sim.faults().on(SimEndpoint.TOKEN).once().failWith(503);
        HttpResponse<String> response = fresh(tokenRequest(), Duration.ofSeconds(5));
        assertEquals(503, response.statusCode());
        assertEquals("text/html;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("down for maintenance"), response.body());
        assertTrue(sim.liveSessions().isEmpty());
        assertEquals(1, sim.counters().tokenCalls());
        assertEquals(0, sim.counters().jwtBearerCalls(), "the grant was never read");
    }

    // fault (5xx): status and body are configurable
    @Test
    void failUsesTheGivenStatusAndBody() throws Exception {
        sim.faults().on(SimEndpoint.REST_API).once().failWith(502, "text/plain", "Bad Gateway");
        HttpResponse<String> response = fresh(restRequest("/services/data", null), Duration.ofSeconds(5));
        assertEquals(502, response.statusCode());
        assertEquals("Bad Gateway", response.body());
    }

    // the fault applies to the next N calls, then the endpoint works again
    @Test
    void timesFaultsTheNextNCallsOnly() throws Exception {
        sim.faults().on(SimEndpoint.TOKEN).times(2).failWith(503);
        assertEquals(503, fresh(tokenRequest(), Duration.ofSeconds(5)).statusCode());
        assertEquals(503, fresh(tokenRequest(), Duration.ofSeconds(5)).statusCode());
        assertEquals(200, fresh(tokenRequest(), Duration.ofSeconds(5)).statusCode());
        assertTrue(sim.faults().armed().isEmpty(), "a used-up fault disarms itself");
        assertEquals(3, sim.counters().tokenCalls(), "faulted calls are counted");
    }

    // a fault without a count stays until cleared
    @Test
    void untilClearedFaultsEveryCallUntilCleared() throws Exception {
        sim.faults().on(SimEndpoint.REST_API).failWith(503);
        for (int i = 0; i < 3; i++) {
            assertEquals(503, fresh(restRequest("/services/data", null), Duration.ofSeconds(5)).statusCode());
        }
        sim.faults().clear();
        assertEquals(200, fresh(restRequest("/services/data", null), Duration.ofSeconds(5)).statusCode());
    }

    // a fault on one endpoint leaves the others alone
    @Test
    void faultOnTheTokenEndpointLeavesTheRestApiAlone() throws Exception {
        String token = accessToken();
        sim.faults().on(SimEndpoint.TOKEN).failWith(503);
        assertEquals(200, fresh(restRequest(LIMITS, token), Duration.ofSeconds(5)).statusCode());
        assertEquals(503, fresh(tokenRequest(), Duration.ofSeconds(5)).statusCode());
    }

    // faults work at the router, so every endpoint kind takes them alike
    @ParameterizedTest
    @EnumSource(SimEndpoint.class)
    void everyEndpointKindCanBeFaulted(SimEndpoint endpoint) throws Exception {
        String path = switch (endpoint) {
            case TOKEN -> "/services/oauth2/token";
            case AUTHORIZE -> "/services/oauth2/authorize";
            case REVOKE -> "/services/oauth2/revoke";
            case INTROSPECT -> "/services/oauth2/introspect";
            case REST_API -> "/services/data";
            case METADATA -> MetadataEndpoint.PATH + "/62.0";
            case IDENTITY -> IdentityEndpoint.PATH + "/00D000000000001AAA/005000000000001AAA";
            case OTHER -> "/elsewhere";
        };
        sim.faults().on(endpoint).once().failWith(503);
        assertEquals(503, fresh(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)), Duration.ofSeconds(5)).statusCode());
        assertEquals(1, sim.counters().calls(endpoint));
        assertTrue(sim.faults().armed().isEmpty());
    }

    // a seeded probability gives the same sequence of faulted calls every run
    @Test
    void seededProbabilityIsReproducible() throws Exception {
        List<Integer> first = statusesWithProbability(0.5, 7);
        List<Integer> second = statusesWithProbability(0.5, 7);
        assertEquals(first, second);
        assertTrue(first.contains(200) && first.contains(503), first.toString());
    }

    // fault (timeout): the call is held past the client's timeout; nothing is handled
    @Test
    void timeoutHoldsTheCallPastTheClientsTimeout() {
        sim.faults().on(SimEndpoint.TOKEN).once().timeout(Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, () -> fresh(tokenRequest(), Duration.ofMillis(300)));
        assertTrue(sim.liveSessions().isEmpty(), "a held call is never handled");
        assertEquals(1, sim.counters().tokenCalls());
    }

    // fault (timeout): after the hold the connection is closed without an answer
    @Test
    void timeoutClosesTheConnectionWithoutAnAnswerAfterTheHold() {
        sim.faults().on(SimEndpoint.TOKEN).once().timeout(Duration.ofMillis(200));
        long started = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> fresh(tokenRequest(), Duration.ofSeconds(5)));
        assertFalse(e instanceof HttpTimeoutException, e.toString());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 200);
    }

    // fault (response lost after the token was issued): the client sees an I/O error, yet the
    // token was issued: a live session, a counted JWT call and a counted login
    @Test
    void lostResponseTokenCallIssuedTheTokenWhileTheClientGotAnIOException() {
        sim.faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
        assertThrows(IOException.class, () -> fresh(tokenRequest(), Duration.ofSeconds(5)));

        List<SimSession> sessions = sim.liveSessions();
        assertEquals(1, sessions.size());
        assertEquals(user, sessions.get(0).user());
        assertEquals(app, sessions.get(0).app());
        assertEquals(1, sim.counters().jwtBearerCalls());
        assertEquals(1, sim.counters().userCalls(user.username(), SimEndpoint.TOKEN));
        assertEquals(1, sim.loginsInLastHour(user));
        assertEquals(200, exchange(assertion()).statusCode(), "the next call is answered");
    }

    // fault (response lost after apply): a lost REST answer still reset the session's inactivity timer
    @Test
    void lostResponseRestCallStillSlidTheSession() throws Exception {
        sim.clock().freeze();
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(100));
        sim.faults().on(SimEndpoint.REST_API).once().loseResponseAfterApply();
        // a raw socket: the JDK client would quietly retry a GET on a connection closed before the answer
        assertEquals(0, rawGet(LIMITS, token).length, "not a byte of response");
        assertEquals(1, sim.counters().userCalls(user.username(), SimEndpoint.REST_API), "the call was handled");
        sim.clock().advance(Duration.ofMinutes(100));           // 200 min after issue, 100 after the lost call
        assertEquals(200, get(LIMITS, token).statusCode());
    }

    // held calls do not starve the server: it keeps answering other endpoints and the control API
    @Test
    void heldCallsDoNotStarveTheServer() throws Exception {
        sim.faults().on(SimEndpoint.TOKEN).timeout(Duration.ofSeconds(3));
        try (HttpClient client = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                held.add(client.sendAsync(tokenRequest().timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            long started = System.nanoTime();
            assertEquals(200, get("/services/data", null).statusCode());
            assertEquals(200, get("/__sim/faults", null).statusCode());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000, "answered while 32 calls are held");
            sim.faults().clear();
            held.forEach(call -> assertThrows(ExecutionException.class, call::get));
        }
    }

    // latencies add to another fault: a slow outage page
    @Test
    void latencyCombinesWithAFailure() throws Exception {
        sim.faults().on(SimEndpoint.TOKEN).once().latency(Duration.ofMillis(200));
        sim.faults().on(SimEndpoint.TOKEN).once().failWith(503);
        long started = System.nanoTime();
        assertEquals(503, fresh(tokenRequest(), Duration.ofSeconds(5)).statusCode());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 200);
    }

    private List<Integer> statusesWithProbability(double probability, long seed) throws Exception {
        sim.faults().clear();
        sim.faults().on(SimEndpoint.REST_API).withProbability(probability, seed).failWith(503);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(fresh(restRequest("/services/data", null), Duration.ofSeconds(5)).statusCode());
        }
        return statuses;
    }

    private HttpRequest.Builder tokenRequest() {
        String body = "grant_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
                + "&assertion=" + assertion().sign(KEYS.privateKey());
        return HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder restRequest(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET();
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** The bytes a plain HTTP/1.1 GET gets back before the server closes the connection. */
    private byte[] rawGet(String path, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(5_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            try {
                return socket.getInputStream().readAllBytes();
            } catch (SocketException reset) {
                return new byte[0];
            }
        }
    }

    /** Sends on a new client (a new connection), with the given request timeout. */
    private static HttpResponse<String> fresh(HttpRequest.Builder request, Duration timeout)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
