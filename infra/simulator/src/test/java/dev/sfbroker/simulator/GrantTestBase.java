package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@link SimulatorTestBase} plus the web server flow: the app has a callback URL and {@link #user}
 * approves it at the authorize endpoint. Helpers for authorize, code exchange, refresh, revoke and
 * introspect over HTTP, and the control API's.
 */
abstract class GrantTestBase extends ControlApiTestBase {

    static final String CALLBACK = "https://broker.example/oauth/callback";
    static final String INVALID_SESSION =
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

    /** An access token and the refresh token that came with it. */
    record Tokens(String accessToken, String refreshToken) {
    }

    @BeforeEach
    void configureWebServerFlow() {
        app.callbackUrl(CALLBACK).authorizeAs(user);
    }

    /** The default authorize query: response_type=code, the app's client_id, the callback, a state. */
    Map<String, String> authorizeQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.consumerKey());
        query.put("redirect_uri", CALLBACK);
        query.put("state", "xyz 123");
        return query;
    }

    HttpResponse<String> authorize(Map<String, String> query) {
        return send(HttpRequest.newBuilder(URI.create(sim.authorizeUrl() + "?" + formBody(query))).GET());
    }

    /** The query parameters of a 302's Location, after checking it goes to the callback. */
    static Map<String, String> redirectParams(HttpResponse<String> response) {
        assertEquals(302, response.statusCode(), response::body);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals(CALLBACK, location.substring(0, location.indexOf('?')));
        return FormEncoding.parse(location.substring(location.indexOf('?') + 1));
    }

    /** A code from the authorize endpoint for the given query. */
    String authorizationCode(Map<String, String> query) {
        String code = redirectParams(authorize(query)).get("code");
        assertNotNull(code, "the redirect carries a code");
        return code;
    }

    String authorizationCode() {
        return authorizationCode(authorizeQuery());
    }

    /** The code exchange form: grant_type, code, redirect_uri, client_id, client_secret. */
    Map<String, String> codeExchange(String code) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", CALLBACK);
        form.put("client_id", app.consumerKey());
        form.put("client_secret", app.consumerSecret());
        return form;
    }

    /** The whole web server flow for {@link #user}: authorize, then exchange the code. */
    Tokens connect() {
        HttpResponse<String> response = postForm(codeExchange(authorizationCode()));
        assertEquals(200, response.statusCode(), response::body);
        JsonNode body = json(response);
        return new Tokens(body.get("access_token").asText(), body.get("refresh_token").asText());
    }

    Map<String, String> refreshForm(String refreshToken) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", app.consumerKey());
        form.put("client_secret", app.consumerSecret());
        return form;
    }

    HttpResponse<String> refresh(String refreshToken) {
        return postForm(refreshForm(refreshToken));
    }

    /** A successful refresh's body. */
    JsonNode refreshed(String refreshToken) {
        HttpResponse<String> response = refresh(refreshToken);
        assertEquals(200, response.statusCode(), response::body);
        return json(response);
    }

    HttpResponse<String> revoke(String token) {
        return postFormTo(sim.revokeUrl(), Map.of("token", token), null);
    }

    /** Introspects with Basic credentials of {@code client}. */
    HttpResponse<String> introspect(String token, SimConnectedApp client) {
        String basic = Base64.getEncoder().encodeToString(
                (client.consumerKey() + ":" + client.consumerSecret()).getBytes(StandardCharsets.UTF_8));
        return postFormTo(sim.introspectUrl(), Map.of("token", token), "Basic " + basic);
    }

    /** The REST status a token gets: 200 live, 401 dead. */
    int restStatus(String accessToken) {
        return get("/services/data/v62.0/limits", accessToken).statusCode();
    }

    HttpResponse<String> postFormTo(String url, Map<String, String> form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
