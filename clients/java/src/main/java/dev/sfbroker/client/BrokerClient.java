package dev.sfbroker.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The broker's token API for integration code. Every request is signed with SigV4 (service {@code execute-api}) by
 * the caller's own AWS credentials, from the default provider chain unless given.
 *
 * <p>The 401 rule is built in: when Salesforce rejects a token ({@code 401 INVALID_SESSION_ID}), {@link #withToken}
 * and {@link #send} report it to the broker once and retry once with the token the broker answers. Never log in to
 * Salesforce yourself, and never retry in a loop: a second 401 is the answer.
 */
public final class BrokerClient {
    private final URI endpoint;
    private final SignedRequests signing;
    private final HttpClient http;
    private final Map<String, String> headers;

    private BrokerClient(Builder builder) {
        String base = builder.endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base : base + "/");
        this.signing = new SignedRequests(builder.region,
                builder.credentials != null ? builder.credentials : DefaultCredentialsProvider.builder().build());
        this.http = builder.http != null ? builder.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.headers = Map.copyOf(builder.headers);
    }

    /** {@code endpoint}: the API's URL, e.g. {@code https://abc123.execute-api.eu-west-1.amazonaws.com}. */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /** A valid token for the connection. */
    public Token token(String connectionId) throws IOException, InterruptedException {
        return call("GET", "connections/" + connectionId + "/token", null);
    }

    /** Reports a token Salesforce rejected with 401 and answers the token to retry with. Report a token once. */
    public Token rejected(String connectionId, Token token) throws IOException, InterruptedException {
        return call("POST", "connections/" + connectionId + "/token/rejected", "{\"fingerprint\":\"" + token.fingerprint() + "\"}");
    }

    /**
     * Runs {@code call} with the connection's token. If it throws {@link SessionRejected} (Salesforce answered 401), the
     * token is reported and {@code call} runs once more with the broker's answer; a second rejection is thrown.
     */
    public <T> T withToken(String connectionId, TokenCall<T> call) throws IOException, InterruptedException {
        Token token = token(connectionId);
        try {
            return call.call(token);
        } catch (SessionRejected rejected) {
            return call.call(rejected(connectionId, token));
        }
    }

    /**
     * Sends a Salesforce request built for the connection's token with the JDK HTTP client (with {@code Authorization:
     * Bearer} set), applying the 401 rule.
     */
    public <T> HttpResponse<T> send(String connectionId, Function<Token, HttpRequest.Builder> request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return withToken(connectionId, token -> {
                HttpResponse<T> response = http.send(request.apply(token).setHeader("Authorization", "Bearer " + token.accessToken()).build(),
                        body);
                if (response.statusCode() == 401) {
                    throw new SessionRejected(response);
                }
                return response;
            });
        } catch (SessionRejected twice) {
            @SuppressWarnings("unchecked") HttpResponse<T> response = (HttpResponse<T>) twice.response();
            return response;
        }
    }

    private Token call(String method, String path, String json) throws IOException, InterruptedException {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.put("Accept", "application/json");
        if (json != null) {
            sent.put("Content-Type", "application/json");
        }
        HttpRequest request = signing.sign(method, endpoint.resolve(path), sent, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, String> fields = fields(response.body());
        if (response.statusCode() != 200) {
            throw BrokerException.of(response.statusCode(), fields == null
                    ? BrokerError.unreadable(response.statusCode(), response.body()) : BrokerError.of(fields));
        }
        if (fields == null || fields.get("access_token") == null) {
            throw new IOException("the broker answered 200 without a token");
        }
        return new Token(fields.get("access_token"), fields.get("instance_url"), fields.get("token_type"),
                Instant.parse(fields.get("issued_at")), Instant.parse(fields.get("expires_at")), fields.get("fingerprint"));
    }

    /** The string fields of a flat JSON object; null if the body is not one. */
    private static Map<String, String> fields(String body) {
        JsonNode node;
        try {
            node = JsonNode.parser().parse(body);
        } catch (RuntimeException e) {
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        node.asObject().forEach((name, value) -> {
            if (value.isString()) {
                fields.put(name, value.asString());
            }
        });
        return fields;
    }

    /** A call to Salesforce with a token; throws {@link SessionRejected} when Salesforce answers 401. */
    @FunctionalInterface
    public interface TokenCall<T> {
        T call(Token token) throws IOException, InterruptedException;
    }

    /** Thrown by a {@link TokenCall} when Salesforce rejected the token (HTTP 401, {@code INVALID_SESSION_ID}). */
    public static final class SessionRejected extends RuntimeException {
        private final transient Object response;

        public SessionRejected() {
            this(null);
        }

        /** @param response what Salesforce answered, handed back by {@link #send} if the retry is rejected too */
        public SessionRejected(Object response) {
            super("Salesforce rejected the token (401)", null, false, false);
            this.response = response;
        }

        Object response() {
            return response;
        }
    }

    public static final class Builder {
        private final URI endpoint;
        private String region = System.getenv("AWS_REGION");
        private AwsCredentialsProvider credentials;
        private HttpClient http;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /** The API's region (default: {@code AWS_REGION}). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The credentials to sign with (default: the default provider chain). */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** A header sent to the broker, e.g. {@code X-Broker-Principal} to call a local broker as another principal. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public BrokerClient build() {
            if (region == null || region.isBlank()) {
                throw new IllegalStateException("set the API's region: BrokerClient.builder(endpoint).region(\"eu-west-1\"), or AWS_REGION");
            }
            return new BrokerClient(this);
        }
    }
}
