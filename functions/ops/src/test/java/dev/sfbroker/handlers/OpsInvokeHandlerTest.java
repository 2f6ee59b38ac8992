package dev.sfbroker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.InvalidRequestException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ops operations by direct Lambda invoke, with the plain JSON events the README documents. */
@MicronautTest
class OpsInvokeHandlerTest extends FunctionContextTest {

    OpsInvokeHandlerTest() {
        super("iam");
    }

    @Test
    void aRevokeEventRevokesTheConnectionsGrantAndRecordsTheStatedOperator() throws Exception {
        env.register("invoked");
        env.context().getBean(ConnectionOperations.class).renewNow("invoked", "test setup");

        OpsInvokeHandler.Result result = invoke("{\"action\":\"revoke\",\"connection\":\"invoked\",\"target\":\"grant\","
                + "\"operator\":\"alice@example.com\"}");

        assertThat(result.revocation().revokedAtSalesforce()).isTrue();
        assertThat(result.revocation().purged()).isTrue();
        assertThat(env.context().getBean(ConnectionStore.class).find("invoked").orElseThrow().state()).isEqualTo(ConnectionState.REVOKED);
        assertThat(env.context().getBean(AuditTrail.class).forConnection("invoked", 1).get(0))
                .satisfies(event -> {
                    assertThat(event.action()).isEqualTo(AuditEvent.Action.REVOKED);
                    assertThat(event.actor()).contains("alice@example.com");
                });
    }

    @Test
    void aDisableEventRecordsTheStateBeforeAndAfter() throws Exception {
        env.register("invoked-disable");

        invoke("{\"action\":\"disable\",\"connection\":\"invoked-disable\",\"operator\":\"alice@example.com\"}");

        assertThat(env.context().getBean(AuditTrail.class).forConnection("invoked-disable", 1).get(0).changes())
                .containsExactly(new AuditEvent.Change("state", "ACTIVE", "DISABLED"));
    }

    @Test
    void anIncidentDryRunListsWithoutRevoking() throws Exception {
        env.register("listed");

        OpsInvokeHandler.Result result = invoke("{\"action\":\"incident_revoke\",\"username\":\"" + env.user().username()
                + "\",\"dry_run\":true}");

        assertThat(result.incident().dryRun()).isTrue();
        assertThat(result.incident().connections()).extracting(c -> c.connection()).contains("listed");
        assertThat(env.context().getBean(ConnectionStore.class).find("listed").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void anUnknownActionIsRefusedWithTheActionsThatExist() {
        assertThatThrownBy(() -> invoke("{\"action\":\"nuke\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("revoke, disable, incident_revoke, retry");
    }

    @Test
    void aRetryEventRetriesABlockedConnectionAndRecordsTheStatedOperator() throws Exception {
        env.org().addUser("unapproved-invoke@acme.example", "Standard User");
        env.register("retried", dev.sfbroker.token.LoginHost.of(env.salesforce().baseUrl(), null), "unapproved-invoke@acme.example",
                dev.sfbroker.testing.BrokerEnvironment.CREDENTIALS_REF);
        env.context().getBean(ConnectionOperations.class).renewNow("retried", "test setup");

        OpsInvokeHandler.Result result = invoke("{\"action\":\"retry\",\"connection\":\"retried\",\"operator\":\"alice@example.com\"}");

        assertThat(result.retry().outcome()).isEqualTo("failed");
        assertThat(result.retry().error().failureClass()).isEqualTo("TERMINAL");
        assertThat(env.context().getBean(ConnectionStore.class).find("retried").orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(env.context().getBean(AuditTrail.class).forConnection("retried", 1).get(0)).satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditEvent.Action.RETRIED);
            assertThat(event.actor()).contains("alice@example.com");
        });
    }

    @Test
    void anIncidentWithoutAnExplicitDryRunFalseIsADryRun() throws Exception {
        env.register("kept");

        OpsInvokeHandler.Result result = invoke("{\"action\":\"incident_revoke\",\"username\":\"" + env.user().username() + "\"}");

        assertThat(result.incident().dryRun()).isTrue();
        assertThat(env.context().getBean(ConnectionStore.class).find("kept").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "0", "\"false\"", "1"})
    void anIncidentWhoseDryRunIsNotABooleanRevokesNothing(String dryRun) throws Exception {
        String id = "guarded-" + Integer.toHexString(dryRun.hashCode());
        env.register(id);

        assertThatThrownBy(() -> invoke("{\"action\":\"incident_revoke\",\"username\":\"" + env.user().username()
                + "\",\"dry_run\":" + dryRun + "}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'dry_run' must be true or false");
        assertThat(env.context().getBean(ConnectionStore.class).find(id).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void anEventWithAnUnknownFieldIsRefusedWithTheFieldsThatExist() {
        assertThatThrownBy(() -> invoke("{\"action\":\"incident_revoke\",\"user\":\"x@acme.example\",\"dry_run\":false}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown field 'user'")
                .hasMessageContaining("'username'");
    }

    @Test
    void aRevokeEventMustNameItsTarget() {
        assertThatThrownBy(() -> invoke("{\"action\":\"revoke\",\"connection\":\"any\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("\"target\": \"access_token\"");
    }

    private OpsInvokeHandler.Result invoke(String json) throws Exception {
        OpsInvokeHandler handler = new OpsInvokeHandler(env.context());
        return handler.execute(env.context().getBean(JsonMapper.class).readValue(json, Argument.mapOf(String.class, Object.class)));
    }
}
