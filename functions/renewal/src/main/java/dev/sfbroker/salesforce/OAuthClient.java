package dev.sfbroker.salesforce;

import dev.sfbroker.token.Failure;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.Secret;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Salesforce's OAuth endpoints over HTTP (form-encoded posts): the token endpoint, introspection and revoke.
 * Token-endpoint failures come back classified by the {@link ErrorCatalog}.
 *
 * <p>The request timeout bounds every call; with the connect timeout it stays far shorter than the renewal
 * lease, so a call in flight never outlives the lease it runs under.
 */
public final class OAuthClient {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final JsonMapper json;
    private final Clock clock;

    public OAuthClient(Duration connectTimeout, Duration requestTimeout, JsonMapper json, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.clock = clock;
    }

    public IssuedToken requestToken(URI endpoint, Map<String, String> form) throws GrantFailedException {
        HttpResponse<byte[]> response;
        try {
            response = post(endpoint, form);
        } catch (IOException e) {
            throw new GrantFailedException(notAnswered(endpoint, e));
        }
        TokenEndpointResponse body = parse(response.body());
        if (response.statusCode() != 200 || body == null || body.accessToken() == null) {
            throw new GrantFailedException(ErrorCatalog.classify(response.statusCode(),
                    body == null ? null : body.error(), body == null ? null : body.errorDescription(), clock.instant()));
        }
        return new IssuedToken(Secret.of(body.accessToken()), body.instanceUrl(),
                body.tokenType() == null ? "Bearer" : body.tokenType(), issuedAt(body),
                body.refreshToken() == null ? null : Secret.of(body.refreshToken()));
    }

    /** Whether Salesforce reports {@code token} active; empty when it gave no usable answer. */
    public Optional<Boolean> introspect(URI endpoint, Map<String, String> form) {
        try {
            HttpResponse<byte[]> response = post(endpoint, form);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Map<?, ?> body = json.readValue(response.body(), Map.class);
            return body.get("active") instanceof Boolean active ? Optional.of(active) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Revokes a token (access, refresh or delete token); true when Salesforce confirmed with HTTP 200. */
    public boolean revoke(URI endpoint, Secret token) {
        try {
            return post(endpoint, Map.of("token", token.reveal())).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<byte[]> post(URI endpoint, Map<String, String> form) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * A call that got no answer. If the connection was never made, Salesforce saw nothing; once the request
     * may have gone out (a timeout, a dropped connection), Salesforce may have applied it.
     */
    private Failure notAnswered(URI endpoint, IOException e) {
        String cause = "Salesforce's endpoint at " + endpoint.getHost() + " did not answer: " + NetworkFailure.describe(e, requestTimeout);
        return NetworkFailure.neverSent(e) ? ErrorCatalog.unreachable(cause, clock.instant()) : ErrorCatalog.outcomeUnknown(cause, clock.instant());
    }

    private TokenEndpointResponse parse(byte[] body) {
        try {
            return json.readValue(body, TokenEndpointResponse.class);
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: an HTML error page from a proxy or maintenance page
        }
    }

    private Instant issuedAt(TokenEndpointResponse body) {
        // the JWT bearer documentation's example has no issued_at; the broker's clock stands in for it then
        try {
            return Instant.ofEpochMilli(Long.parseLong(body.issuedAt()));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
