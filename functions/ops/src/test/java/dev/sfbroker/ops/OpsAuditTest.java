package dev.sfbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.testing.MetricCapture;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditEvent.Change;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.Flow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operator action leaves its audit event, with the operator as the actor, and every change records the
 * connection's fields before and after; a change of who may fetch the token raises {@code AllowedPrincipalsChanged}.
 */
@MicronautTest
class OpsAuditTest extends FunctionContextTest {
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";

    OpsAuditTest() {
        super("development");
    }

    @Test
    void registerUpdateRenewDisableEnableAndDeleteEachLeaveAnEventByTheOperator() {
        ConnectionOperations operations = context.getBean(ConnectionOperations.class);
        ConnectionOperations.Definition definition = new ConnectionOperations.Definition(env.salesforce().baseUrl(), null,
                env.user().username(), BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE), null, false);

        operations.register("lifecycle", definition, OPERATOR);
        operations.update("lifecycle", definition, OPERATOR);
        operations.renewNow("lifecycle", OPERATOR);
        operations.disable("lifecycle", OPERATOR);
        operations.enable("lifecycle", OPERATOR);
        operations.delete("lifecycle", OPERATOR);

        List<AuditEvent> events = context.getBean(AuditTrail.class).forConnection("lifecycle", 20);
        assertThat(events).extracting(AuditEvent::action).containsExactly(AuditEvent.Action.DELETED, AuditEvent.Action.ENABLED,
                AuditEvent.Action.DISABLED, AuditEvent.Action.RENEWED, AuditEvent.Action.UPDATED, AuditEvent.Action.REGISTERED);
        assertThat(events).extracting(AuditEvent::actor).containsOnly(OPERATOR);
    }

    @Test
    void everyChangeRecordsWhatChangedBeforeAndAfterAndAChangeOfCallersRaisesTheMetric() {
        ConnectionOperations operations = context.getBean(ConnectionOperations.class);
        String host = env.salesforce().baseUrl();
        String other = "arn:aws:iam::123456789012:role/reporting";
        ConnectionOperations.Definition definition = new ConnectionOperations.Definition(host, null, env.user().username(),
                BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE), null, false);

        try (MetricCapture metrics = new MetricCapture()) {
            operations.register("changes", definition, OPERATOR);
            operations.change("changes", current -> new ConnectionOperations.Definition(current.loginHost(), current.audience(),
                    "renamed@acme.example", current.credentialsRef(), null, Duration.ofMinutes(60), current.allowedPrincipals(), null, false),
                    OPERATOR);
            operations.change("changes", current -> new ConnectionOperations.Definition(current.loginHost(), current.audience(),
                    current.username(), current.credentialsRef(), null, current.sessionTimeout(),
                    Set.of(BrokerEnvironment.INTEGRATION_ROLE, other), null, false), OPERATOR);
            operations.disable("changes", OPERATOR);
            operations.enable("changes", OPERATOR);
            operations.delete("changes", OPERATOR);

            assertThat(metrics.lines("AllowedPrincipalsChanged")).as("registration and the change of callers, nothing else").hasSize(2);
        }

        List<AuditEvent> events = context.getBean(AuditTrail.class).forConnection("changes", 20).reversed();
        assertThat(events.get(0).changes()).contains(new Change("allowed_principals", null, BrokerEnvironment.INTEGRATION_ROLE),
                new Change("login_host", null, host), new Change("username", null, env.user().username()),
                new Change("credentials_ref", null, BrokerEnvironment.CREDENTIALS_REF), new Change("flow", null, "jwt_bearer"),
                new Change("state", null, "ACTIVE"));
        assertThat(events.get(1).changes()).containsExactly(new Change("username", env.user().username(), "renamed@acme.example"),
                new Change("session_timeout_minutes", null, "60"));
        assertThat(events.get(2).changes()).containsExactly(new Change("allowed_principals", BrokerEnvironment.INTEGRATION_ROLE,
                String.join(", ", List.of(other, BrokerEnvironment.INTEGRATION_ROLE).stream().sorted().toList())));
        assertThat(events.get(3).changes()).containsExactly(new Change("state", "ACTIVE", "DISABLED"));
        assertThat(events.get(4).changes()).containsExactly(new Change("state", "DISABLED", "ACTIVE"));
        assertThat(events.get(5).action()).isEqualTo(AuditEvent.Action.DELETED);
        assertThat(events.get(5).changes()).contains(new Change("allowed_principals",
                String.join(", ", List.of(other, BrokerEnvironment.INTEGRATION_ROLE).stream().sorted().toList()), null),
                new Change("username", "renamed@acme.example", null), new Change("state", "ACTIVE", null));
    }

    @Test
    void aSecondRefreshTokenConnectionOfTheSameUserAndAppIsRegisteredWithAWarningInTheAnswerAndTheAudit() {
        ConnectionOperations operations = context.getBean(ConnectionOperations.class);
        ConnectionOperations.Definition definition = new ConnectionOperations.Definition(env.salesforce().baseUrl(), null,
                "shared@acme.example", "apps/shared", Flow.REFRESH_TOKEN, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE), null, false);

        ConnectionOperations.Registered first = operations.register("shared-first", definition, OPERATOR);
        ConnectionOperations.Registered second = operations.register("shared-second", definition, OPERATOR);
        ConnectionOperations.Registered otherUser = operations.register("shared-other-user", new ConnectionOperations.Definition(
                env.salesforce().baseUrl(), null, "other@acme.example", "apps/shared", Flow.REFRESH_TOKEN, null,
                Set.of(BrokerEnvironment.INTEGRATION_ROLE), null, false), OPERATOR);

        assertThat(first.warnings()).isEmpty();
        assertThat(otherUser.warnings()).isEmpty();
        assertThat(second.warnings()).singleElement().asString()
                .contains("connection shared-first uses the same Salesforce user and connected app", "5 approvals", "rotation");
        assertThat(context.getBean(AuditTrail.class).forConnection("shared-second", 1).getFirst().detail())
                .contains("refresh_token for shared@acme.example; warning: connection shared-first uses the same");
    }
}
