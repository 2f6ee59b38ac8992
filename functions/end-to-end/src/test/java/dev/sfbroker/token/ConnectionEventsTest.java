package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbroker.access.Caller;
import dev.sfbroker.events.LoggedConnectionEvents;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.LogCapture;
import dev.sfbroker.testing.MetricCapture;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each state change of a connection, caused for real against the simulator and DynamoDB Local, publishes one event with
 * the documented detail, and never a token. Without an event bus the events are log lines, read here as published.
 */
class ConnectionEventsTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development")
            .configure(properties -> properties.put("broker.renewal.retry-after-failure", "1ms"));

    @AfterEach
    void restoreSalesforce() {
        env.salesforce().faults().clear();
    }

    @Test
    void aGrantSalesforceRefusesForGoodPublishesNeedsReauthorizationWithTheErrorAndTheAuditEvent() {
        env.org().addUser("unapproved-events@acme.example", "Standard User");
        env.register("refused", LoginHost.of(env.salesforce().baseUrl(), null), "unapproved-events@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);

        List<Published> events = publishedWhile(() -> fetchFails("refused"));

        assertThat(events).extracting(Published::detailType).containsExactly("NeedsReauthorization");
        JsonNode detail = events.getFirst().detail();
        assertThat(detail.path("schema_version").asInt()).isEqualTo(1);
        assertThat(detail.path("connection_id").asText()).isEqualTo("refused");
        assertThat(detail.path("org").path("login_host").asText()).isEqualTo(env.salesforce().baseUrl());
        assertThat(detail.path("username").asText()).isEqualTo("unapproved-events@acme.example");
        assertThat(detail.path("flow").asText()).isEqualTo("jwt_bearer");
        assertThat(detail.path("previous_state").asText()).isEqualTo("ACTIVE");
        assertThat(detail.path("new_state").asText()).isEqualTo("NEEDS_REAUTH");
        assertThat(detail.path("error").path("class").asText()).isEqualTo("TERMINAL");
        assertThat(detail.path("error").path("salesforce_error").asText()).isEqualTo("invalid_grant");
        assertThat(detail.path("error").path("fix").asText()).isNotBlank();
        assertThat(detail.path("time").asText()).isNotBlank();
        assertThat(detail.path("audit_event_id").asText()).isNotBlank();
    }

    @Test
    void aConnectedAppSetUpWronglyPublishesConnectionBlocked() {
        env.writeSecret("apps/unknown-key", "no-such-consumer-key", env.keys().privateKeyPem());
        env.register("misconfigured", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(), "apps/unknown-key");

        List<Published> events = publishedWhile(() -> fetchFails("misconfigured"));

        assertThat(events).extracting(Published::detailType).containsExactly("ConnectionBlocked");
        assertThat(events.getFirst().detail().path("new_state").asText()).isEqualTo("MISCONFIGURED");
        assertThat(events.getFirst().detail().path("error").path("class").asText()).isEqualTo("MISCONFIGURED");
    }

    @Test
    void aRenewalThatSucceedsAfterAFailurePublishesRecoveredOnceAndATransientFailureNothing() {
        env.register("flaky");
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(503);

        List<Published> failing = publishedWhile(() -> fetchFails("flaky"));
        List<Published> recovering = publishedWhile(() -> tokens().tokenFor("flaky", CALLER));
        List<Published> healthy = publishedWhile(() -> renewNow("flaky"));

        assertThat(failing).isEmpty();
        assertThat(recovering).extracting(Published::detailType).containsExactly("ConnectionRecovered");
        JsonNode detail = recovering.getFirst().detail();
        assertThat(detail.path("previous_state").asText()).isEqualTo("ACTIVE");
        assertThat(detail.path("new_state").asText()).isEqualTo("ACTIVE");
        assertThat(detail.path("error").path("class").asText()).as("the failure it recovered from").isEqualTo("TRANSIENT");
        assertThat(detail.path("org").path("instance_url").isMissingNode()).as("no token before the failure").isTrue();
        assertThat(healthy).isEmpty();
    }

    @Test
    void aLostRotatedGrantPublishesGrantLostAndReauthorisingPublishesRecovered() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, true);
        world.authorise();
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();

        List<Published> lost = publishedWhile(() -> {
            assertThatThrownBy(world::renewOnce).isInstanceOf(TokenUnavailableException.class);
            assertThatThrownBy(world::renewOnce).isInstanceOf(TokenUnavailableException.class);
        });
        List<Published> reauthorised = publishedWhile(() -> {
            try {
                world.authorise();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        assertThat(lost).extracting(Published::detailType).containsExactly("GrantLost");
        assertThat(lost.getFirst().detail().path("new_state").asText()).isEqualTo("NEEDS_REAUTH");
        assertThat(lost.getFirst().detail().path("flow").asText()).isEqualTo("refresh_token");
        assertThat(reauthorised).extracting(Published::detailType).containsExactly("ConnectionRecovered");
        assertThat(reauthorised.getFirst().detail().path("previous_state").asText()).isEqualTo("NEEDS_REAUTH");
        assertThat(reauthorised.getFirst().detail().path("new_state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void operatorsRevokingDisablingAndEnablingPublishEachChange() {
        env.register("operated");
        tokens().tokenFor("operated", CALLER);
        ConnectionOperations operations = env.context().getBean(ConnectionOperations.class);

        List<Published> revoked = publishedWhile(() -> operations.revoke("operated", RevocationTarget.GRANT, OPERATOR));
        List<Published> accessTokenOnly = publishedWhile(() -> operations.revoke("operated", RevocationTarget.ACCESS_TOKEN, OPERATOR));
        List<Published> disabled = publishedWhile(() -> operations.disable("operated", OPERATOR));
        List<Published> enabled = publishedWhile(() -> operations.enable("operated", OPERATOR));

        assertThat(revoked).extracting(Published::detailType).containsExactly("ConnectionRevoked");
        assertThat(revoked.getFirst().detail().path("new_state").asText()).isEqualTo("REVOKED");
        assertThat(revoked.getFirst().detail().path("org").path("instance_url").asText()).isEqualTo(env.salesforce().baseUrl());
        assertThat(accessTokenOnly).as("the state does not change").isEmpty();
        assertThat(disabled).extracting(Published::detailType).containsExactly("ConnectionDisabled");
        assertThat(disabled.getFirst().detail().path("previous_state").asText()).isEqualTo("REVOKED");
        assertThat(enabled).extracting(Published::detailType).containsExactly("ConnectionEnabled");
        assertThat(enabled.getFirst().detail().path("new_state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anEventBusThatCannotBeReachedCostsNoRenewalAndIsLoggedAndCounted() {
        env.org().addUser("unreachable-bus@acme.example", "Standard User");
        env.register("unpublished", LoginHost.of(env.salesforce().baseUrl(), null), "unreachable-bus@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);
        ApplicationContext brokenBus = env.anotherInstance(Map.of("broker.events.bus-name", "token-broker-events",
                "aws.services.eventbridge.endpoint-override", "http://127.0.0.1:1"));

        try (LogCapture logs = new LogCapture(); MetricCapture metrics = new MetricCapture()) {
            assertThatThrownBy(() -> brokenBus.getBean(TokenService.class).tokenFor("unpublished", CALLER))
                    .isInstanceOf(TokenUnavailableException.class)
                    .extracting(e -> ((TokenUnavailableException) e).failure().failureClass()).isEqualTo(FailureClass.TERMINAL);

            assertThat(env.context().getBean(ConnectionStore.class).find("unpublished").orElseThrow().state())
                    .isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(logs.lines()).anyMatch(line -> line.startsWith("could not publish connection event NeedsReauthorization of connection"
                    + " unpublished to event bus token-broker-events"));
            assertThat(metrics.lines()).anyMatch(line -> line.has("ConnectionEventsNotPublished"));
        }
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }

    private static void fetchFails(String id) {
        assertThatThrownBy(() -> tokens().tokenFor(id, CALLER)).isInstanceOf(TokenUnavailableException.class);
    }

    private static void renewNow(String id) {
        assertThat(env.context().getBean(ConnectionOperations.class).renewNow(id, OPERATOR)).isInstanceOf(Renewer.Outcome.Renewed.class);
    }

    /** The events published while {@code action} ran; none of them holds a token. */
    private static List<Published> publishedWhile(Runnable action) {
        try (LogCapture logs = new LogCapture()) {
            action.run();
            List<String> lines = logs.lines().stream().filter(line -> line.startsWith(LoggedConnectionEvents.PREFIX)).toList();
            assertThat(lines).noneMatch(line -> LogCapture.SALESFORCE_TOKEN.matcher(line).find());
            return lines.stream().map(Published::parse).toList();
        }
    }

    /** One event as published: its detail-type and detail. */
    private record Published(String detailType, JsonNode detail) {
        static Published parse(String line) {
            String rest = line.substring(LoggedConnectionEvents.PREFIX.length());
            int space = rest.indexOf(' ');
            try {
                return new Published(rest.substring(0, space), JSON.readTree(rest.substring(space + 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
