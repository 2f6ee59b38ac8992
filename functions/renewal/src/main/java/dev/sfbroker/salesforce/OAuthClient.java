package dev.sfbroker.salesforce;

import dev.sfbroker.token.Approver;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.SalesforceHosts;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Salesforce's OAuth endpoints over HTTP (form-encoded posts): the token endpoint, introspection and revoke.
 * Token-endpoint failures come back classified ({@link TokenAnswer}, {@link ErrorCatalog}).
 *
 * <p>The request timeout bounds every call; with the connect timeout it stays far shorter than the renewal
 * lease, so a call in flight never outlives the lease it runs under.
 */
public final class OAuthClient {
    /** A token response is about 2 KB; anything far longer is not Salesforce's. */
    static final int LONGEST_ANSWER = 64 * 1024;
    private static final String REVOKE_PATH = "/services/oauth2/revoke";
    private static final Pattern IDENTITY_PATH = Pattern.compile("/id/([A-Za-z0-9]{18})/([A-Za-z0-9]{18})");

    private final HttpClient http;
    private final Duration requestTimeout;
    private final SalesforceHosts hosts;
    private final JsonMapper json;
    private final Clock clock;

    public OAuthClient(Duration connectTimeout, Duration requestTimeout, SalesforceHosts hosts, JsonMapper json, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.hosts = hosts;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Asks the token endpoint for a token. A failure comes back classified: Salesforce's refusals by the
     * {@link ErrorCatalog}; any other answer by what {@link TokenAnswer} says it proves and whether the grant is
     * safe to repeat.
     */
    public IssuedToken requestToken(URI endpoint, GrantType grant, Map<String, String> parameters) throws GrantFailedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant.wireName());
        form.putAll(parameters);
        TokenAnswer answer;
        try {
            HttpResponse<byte[]> response = post(endpoint, form);
            answer = TokenAnswer.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), parse(response.body()));
        } catch (IOException e) {
            answer = TokenAnswer.of(e, requestTimeout);
        }
        Instant now = clock.instant();
        String endpointAt = "Salesforce's token endpoint at " + endpoint.getHost();
        switch (answer) {
            case TokenAnswer.Issued issued -> {
                return issuedToken(endpoint, issued.body(), endpointAt, now);
            }
            case TokenAnswer.Refused refused -> throw new GrantFailedException(
                    ErrorCatalog.classify(grant, refused.error(), refused.description(), now));
            case TokenAnswer.NeverSent neverSent -> throw new GrantFailedException(
                    ErrorCatalog.unreachable(endpointAt + " could not be reached: " + neverSent.reason() + ".", now));
            case TokenAnswer.OutcomeUnknown unknown -> {
                String cause = endpointAt + " " + unknown.answer() + ": that is no refusal, so Salesforce may have applied the request.";
                throw new GrantFailedException(grant.safeToRepeat() ? ErrorCatalog.unreachable(cause, now) : ErrorCatalog.outcomeUnknown(cause, now));
            }
        }
    }

    /**
     * The token, unless its instance URL is not https on a Salesforce host: callers would send the token there, so it
     * is neither stored nor served but revoked where it came from, and the connection is blocked until a person looks.
     */
    private IssuedToken issuedToken(URI endpoint, TokenEndpointResponse body, String endpointAt, Instant now) throws GrantFailedException {
        if (!hosts.trusts(body.instanceUrl())) {
            revoke(endpoint.resolve(REVOKE_PATH), Secret.of(body.refreshToken() == null ? body.accessToken() : body.refreshToken()));
            throw new GrantFailedException(new Failure(FailureClass.MISCONFIGURED, null, null,
                    endpointAt + " issued a token for the instance URL '" + body.instanceUrl() + "', which is not https on a Salesforce"
                            + " domain; the broker discarded the token rather than send it there.",
                    "Check that the connection's login host is the org's Salesforce login host, then enable the connection again.", now));
        }
        return new IssuedToken(Secret.of(body.accessToken()), body.instanceUrl(),
                body.tokenType() == null ? "Bearer" : body.tokenType(), issuedAt(body),
                body.refreshToken() == null ? null : Secret.of(body.refreshToken()), body.id());
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

    /**
     * The user a token belongs to, from the identity URL Salesforce named with it ({@code /id/{orgId}/{userId}}), read at
     * the token's instance (Salesforce serves identity URLs at My Domain too) with the token. Empty unless Salesforce
     * answers for exactly that org and user.
     */
    public Optional<Approver> identity(String instanceUrl, String identityUrl, Secret accessToken) {
        Matcher ids = identityPath(identityUrl);
        if (ids == null || !hosts.trusts(instanceUrl)) {
            return Optional.empty();
        }
        String instance = instanceUrl.endsWith("/") ? instanceUrl.substring(0, instanceUrl.length() - 1) : instanceUrl;
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance + ids.group()))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + accessToken.reveal())
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = send(request);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Map<?, ?> body = json.readValue(response.body(), Map.class);
            boolean same = ids.group(1).equals(body.get("organization_id")) && ids.group(2).equals(body.get("user_id"));
            return same && body.get("username") instanceof String username
                    ? Optional.of(new Approver(username, ids.group(1), ids.group(2))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Matcher identityPath(String identityUrl) {
        if (identityUrl == null) {
            return null;
        }
        try {
            String path = URI.create(identityUrl).getRawPath();
            Matcher ids = IDENTITY_PATH.matcher(path == null ? "" : path);
            return ids.matches() ? ids : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private HttpResponse<byte[]> post(URI endpoint, Map<String, String> form) throws IOException {
        return send(HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, BoundedBody.atMost(LONGEST_ANSWER));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
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
