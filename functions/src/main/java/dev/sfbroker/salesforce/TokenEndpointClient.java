package dev.sfbroker.salesforce;

import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.Secret;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
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
import java.util.stream.Collectors;

/**
 * Posts a grant to Salesforce's token endpoint ({@code /services/oauth2/token}, form-encoded) and returns the
 * issued token, or throws a classified failure.
 *
 * <p>The request timeout bounds every token call; it is kept shorter than the function timeout so that a
 * call in flight never outlives the invocation that made it.
 */
public final class TokenEndpointClient {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final JsonMapper json;
    private final Clock clock;

    public TokenEndpointClient(Duration connectTimeout, Duration requestTimeout, JsonMapper json, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.clock = clock;
    }

    public IssuedToken requestToken(URI endpoint, Map<String, String> form) throws GrantFailedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GrantFailedException(ErrorCatalog.unreachable(
                    "Salesforce's token endpoint at " + endpoint.getHost() + " could not be reached: " + describe(e), clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GrantFailedException(ErrorCatalog.unreachable("the token request was interrupted", clock.instant()));
        }
        TokenEndpointResponse body = parse(response.body());
        if (response.statusCode() != 200 || body == null || body.accessToken() == null) {
            throw new GrantFailedException(ErrorCatalog.classify(response.statusCode(),
                    body == null ? null : body.error(), body == null ? null : body.errorDescription(), clock.instant()));
        }
        return new IssuedToken(Secret.of(body.accessToken()), body.instanceUrl(),
                body.tokenType() == null ? "Bearer" : body.tokenType(), issuedAt(body));
    }

    private String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "host name not found";
        }
        if (e instanceof SSLException) {
            return "TLS handshake failed";
        }
        return "the connection failed";
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
