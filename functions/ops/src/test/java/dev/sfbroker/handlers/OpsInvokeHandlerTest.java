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
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

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
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("revoke, disable or incident_revoke");
    }

    private OpsInvokeHandler.Result invoke(String json) throws Exception {
        OpsInvokeHandler handler = new OpsInvokeHandler(env.context());
        return handler.execute(env.context().getBean(JsonMapper.class).readValue(json, OpsInvokeHandler.Command.class));
    }
}
