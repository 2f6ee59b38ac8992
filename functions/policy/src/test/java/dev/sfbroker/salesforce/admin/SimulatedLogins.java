package dev.sfbroker.salesforce.admin;

import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.JwtAssertion;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimUser;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Logins and approvals against the simulator over HTTP, as a client of Salesforce makes them: a JWT bearer login
 * for the auditing user, and refresh-token grants through the web-server flow (authorize, then code exchange),
 * which is how {@code OauthToken} rows come to exist.
 */
final class SimulatedLogins {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final SalesforceSimulator salesforce;
    private final JsonMapper json;

    SimulatedLogins(SalesforceSimulator salesforce, JsonMapper json) {
        this.salesforce = salesforce;
        this.json = json;
    }

    /** The token endpoint's answer to a JWT bearer login of {@code user} with {@code app}'s key. */
    Map<String, Object> jwtLogin(SimConnectedApp app, ConnectedAppKeys keys, SimUser user) {
        String assertion = JwtAssertion.builder().issuer(app.consumerKey()).subject(user.username())
                .audience(user.org().loginUrl()).expiresAt(salesforce.clock().instant().plusSeconds(180))
                .sign(keys.privateKey());
        return token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", assertion));
    }

    /** A new refresh-token grant of {@code app} by {@code user} (one {@code OauthToken} row); answers its refresh token. */
    String approve(SimConnectedApp app, SimUser user) {
        String callback = app.callbackUrl().orElseThrow(() -> new IllegalStateException(app + " has no callback URL"));
        app.authorizeAs(user);
        HttpResponse<String> redirect = send(HttpRequest.newBuilder(URI.create(salesforce.authorizeUrl()
                + "?response_type=code&client_id=" + encode(app.consumerKey()) + "&redirect_uri=" + encode(callback))).GET());
        String location = redirect.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("no redirect from the authorize endpoint: " + redirect.body()));
        String code = queryParameter(URI.create(location), "code");
        Map<String, Object> answer = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", callback,
                "client_id", app.consumerKey(), "client_secret", app.consumerSecret()));
        return (String) answer.get("refresh_token");
    }

    /** Uses a grant once, as a refresh does: its {@code UseCount} goes up and its {@code LastUsedDate} moves. */
    void refresh(SimConnectedApp app, String refreshToken) {
        token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", app.consumerKey(), "client_secret", app.consumerSecret()));
    }

    private Map<String, Object> token(Map<String, String> form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(salesforce.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = json.readValue(response.body(), Map.class);
            return new LinkedHashMap<>(body);
        } catch (IOException e) {
            throw new IllegalStateException("token endpoint answered no JSON", e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("simulator unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String queryParameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in the redirect");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
