package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running simulator per test with one production org, an active user and a connected app that
 * pre-authorizes the user, plus HTTP helpers. Keys are generated once per JVM, in memory.
 */
abstract class SimulatorTestBase {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String LOGIN = "https://login.salesforce.com";
    static final String TEST = "https://test.salesforce.com";
    static final ConnectedAppKeys KEYS = ConnectedAppKeys.generate();
    static final ConnectedAppKeys OTHER_KEYS = ConnectedAppKeys.generate();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SalesforceSimulator sim;
    SimOrg org;
    SimUser user;
    SimConnectedApp app;

    @BeforeEach
    void startSimulator() {
        sim = SalesforceSimulator.start();
        org = sim.addOrg("acme");
        user = org.addUser("integration@acme.example");
        app = org.addConnectedApp("Token Broker", KEYS.certificatePem());
        app.preAuthorize(user);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    /** A valid assertion for {@link #user} and {@link #app}: aud login, exp now + 3 min. */
    JwtAssertion assertion() {
        return assertionFor(user.username());
    }

    JwtAssertion assertionFor(String username) {
        return JwtAssertion.builder()
                .issuer(app.consumerKey())
                .subject(username)
                .audience(LOGIN)
                .expiresAt(sim.clock().instant().plusSeconds(180));
    }

    HttpResponse<String> exchange(String assertion) {
        return postForm(Map.of("grant_type", JWT_BEARER, "assertion", assertion));
    }

    HttpResponse<String> exchange(JwtAssertion assertion) {
        return exchange(assertion.sign(KEYS.privateKey()));
    }

    /** A fresh access token for {@link #user} through the JWT flow. */
    String accessToken() {
        HttpResponse<String> response = exchange(assertion());
        assertEquals(200, response.statusCode(), response::body);
        return json(response).get("access_token").asText();
    }

    HttpResponse<String> postForm(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** HTTP 400, exactly {@code {"error","error_description"}} with the expected values, JSON headers. */
    static void assertOAuthError(OAuthError expected, HttpResponse<String> response) {
        assertEquals(expected.status(), response.statusCode(), response::body);
        Map<String, String> expectedBody = new LinkedHashMap<>();
        expectedBody.put("error", expected.error());
        expectedBody.put("error_description", expected.description());
        Map<String, String> actual = new LinkedHashMap<>();
        json(response).properties().forEach(f -> actual.put(f.getKey(), f.getValue().asText()));
        assertEquals(expectedBody, actual);
        assertEquals("application/json;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
