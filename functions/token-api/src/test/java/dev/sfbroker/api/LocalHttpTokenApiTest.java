package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.token.LoginBudget;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.testing.LogCapture;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token route through the local HTTP server (Netty), with the development identity. */
class LocalHttpTokenApiTest {
    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withServer();
    private static LogCapture logs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void registerDemo() {
        logs = new LogCapture();
        env.register("demo");
    }

    @AfterAll
    static void stopCapture() {
        logs.close();
    }

    @Test
    void servesAMintedTokenAndReusesItUntilRenewalIsDue() throws Exception {
        long before = env.salesforce().counters().jwtBearerCalls();

        Map<String, Object> first = json(get("/connections/demo/token", null), 200);
        Map<String, Object> second = json(get("/connections/demo/token", null), 200);

        assertThat(first).containsKeys("access_token", "instance_url", "token_type", "issued_at", "expires_at");
        assertThat(first.get("access_token")).asString().startsWith(env.org().id15() + "!");
        assertThat(first.get("instance_url")).isEqualTo(env.org().instanceUrl());
        assertThat(first.get("token_type")).isEqualTo("Bearer");
        assertThat(second.get("access_token")).isEqualTo(first.get("access_token"));
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(logs.lines()).noneMatch(line -> line.contains((String) first.get("access_token")))
                .noneMatch(line -> LogCapture.SALESFORCE_TOKEN.matcher(line).find());
    }

    @Test
    void unknownConnectionIs404Json() throws Exception {
        Map<String, Object> error = json(get("/connections/nope/token", null), 404);

        assertThat(error).containsEntry("error", "connection_not_found").containsEntry("connection", "nope");
        assertThat((String) error.get("message")).contains("nope");
    }

    @Test
    void callerNotAllowedForTheConnectionIs403Json() throws Exception {
        Map<String, Object> error = json(get("/connections/demo/token", BrokerEnvironment.OTHER_ROLE), 403);

        assertThat(error).containsEntry("error", "caller_not_allowed");
        assertThat((String) error.get("message")).contains(BrokerEnvironment.OTHER_ROLE);
    }

    @Test
    void terminalSalesforceErrorIs409WithSalesforcesErrorTheCauseAndTheFix() throws Exception {
        env.org().addUser("unapproved@acme.example", "Standard User");
        env.register("unapproved", LoginHost.of(env.salesforce().baseUrl(), null), "unapproved@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);

        Map<String, Object> error = json(get("/connections/unapproved/token", null), 409);

        assertThat(error).containsEntry("error", "connection_needs_reauthorization")
                .containsEntry("failure_class", "TERMINAL")
                .containsEntry("salesforce_error", "invalid_grant")
                .containsEntry("salesforce_error_description", "user hasn't approved this consumer")
                .containsKeys("cause", "fix", "message");
    }

    @Test
    void misconfiguredConnectionIs409() throws Exception {
        env.register("sandbox-audience", LoginHost.of(env.salesforce().baseUrl(), LoginHost.SANDBOX_AUDIENCE),
                env.user().username(), BrokerEnvironment.CREDENTIALS_REF);

        assertThat(json(get("/connections/sandbox-audience/token", null), 409))
                .containsEntry("error", "connection_misconfigured")
                .containsEntry("salesforce_error_description", "audience is invalid");
    }

    @Test
    void rateLimitedLoginIs429WithRetryAfter() throws Exception {
        // a user of its own: after Salesforce's rate limit the broker leaves the whole user alone for an hour
        env.app().preAuthorize(env.org().addUser("limited@acme.example"));
        env.register("rate-limited", LoginHost.of(env.salesforce().baseUrl(), null), "limited@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);
        env.salesforce().settings().loginRatePerHour(0);
        try {
            HttpResponse<String> response = get("/connections/rate-limited/token", null);

            assertThat(json(response, 429)).containsEntry("error", "salesforce_rate_limited");
            assertThat(response.headers().firstValue("retry-after")).hasValue(Long.toString(LoginBudget.WINDOW.toSeconds()));
        } finally {
            env.salesforce().settings().reset();
        }
    }

    @Test
    void unreachableSalesforceWithNoValidTokenIs503WithRetryAfter() throws Exception {
        env.register("unreachable", LoginHost.of("http://127.0.0.1:" + DynamoDbLocal.freePort(), null),
                env.user().username(), BrokerEnvironment.CREDENTIALS_REF);

        HttpResponse<String> response = get("/connections/unreachable/token", null);

        assertThat(json(response, 503)).containsEntry("error", "salesforce_unavailable").containsEntry("failure_class", "TRANSIENT");
        assertThat(response.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void unknownRouteAndWrongMethodAreJsonErrors() throws Exception {
        assertThat(json(get("/nowhere", null), 404)).containsEntry("error", "route_not_found");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/connections/demo/token"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(post, 405)).containsEntry("error", "method_not_allowed");
    }

    private HttpResponse<String> get(String path, String principal) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
        if (principal != null) {
            request.header("X-Broker-Principal", principal);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + env.server().getPort() + path);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return env.context().getBean(JsonMapper.class).readValue(response.body(), Map.class);
    }
}
