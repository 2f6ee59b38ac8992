package dev.sfbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.Flow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every operator action leaves its audit event, with the operator as the actor. */
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
                env.user().username(), BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE), null);

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
}
