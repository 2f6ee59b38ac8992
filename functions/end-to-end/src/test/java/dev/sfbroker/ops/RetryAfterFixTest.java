package dev.sfbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.NotRetryableException;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenUnavailableException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's retry of a blocked connection once a person fixed its cause: one careful attempt; success makes the
 * connection active and renewable again, failure keeps it blocked with the new error; every retry is audited; a
 * connection a retry cannot help is refused with what to do instead.
 */
class RetryAfterFixTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    @Test
    void aMisconfiguredJwtConnectionStaysBlockedUntilTheKeyIsFixedThenOneRetryMakesItActive() {
        env.writeSecret("apps/wrong-key", env.app().consumerKey(), ConnectedAppKeys.generate().privateKeyPem());
        env.register("wrong-key", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(), "apps/wrong-key");
        assertThatThrownBy(() -> tokens().tokenFor("wrong-key", CALLER)).isInstanceOf(TokenUnavailableException.class);
        assertThat(store().find("wrong-key").orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        long before = calls();

        Renewer.Outcome unfixed = operations().retry("wrong-key", OPERATOR);

        assertThat(unfixed).isInstanceOfSatisfying(Renewer.Outcome.Failed.class,
                failed -> assertThat(failed.failure().salesforceDescription()).isEqualTo("invalid assertion"));
        assertThat(calls() - before).as("one careful attempt").isEqualTo(1);
        assertThat(store().find("wrong-key").orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);

        env.writeSecret("apps/wrong-key", env.app().consumerKey(), env.keys().privateKeyPem());
        Renewer.Outcome fixed = operations().retry("wrong-key", OPERATOR);

        assertThat(fixed).isInstanceOf(Renewer.Outcome.Renewed.class);
        Connection active = store().find("wrong-key").orElseThrow();
        assertThat(active.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(active.currentFailure()).isNull();
        assertThat(store().dueForRenewal(Instant.now().plusSeconds(86_400))).as("back in the renewal index").contains("wrong-key");
        assertThat(tokens().tokenFor("wrong-key", CALLER).fingerprint()).isEqualTo(((Renewer.Outcome.Renewed) fixed).token().fingerprint());
        assertThat(calls() - before).isEqualTo(2);
        assertThat(env.context().getBean(AuditTrail.class).forConnection("wrong-key", 10))
                .filteredOn(event -> event.action() == AuditEvent.Action.RETRIED)
                .extracting(AuditEvent::outcome, AuditEvent::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditEvent.OK, OPERATOR),
                        org.assertj.core.groups.Tuple.tuple(FailureClass.MISCONFIGURED.name(), OPERATOR));
    }

    @Test
    void aJwtConnectionThatNeededReauthorisationIsActiveOnceTheUserIsPreAuthorised() {
        SimUser user = env.org().addUser("not-yet@acme.example", "Standard User");
        env.register("not-yet", LoginHost.of(env.salesforce().baseUrl(), null), user.username(), BrokerEnvironment.CREDENTIALS_REF);
        assertThatThrownBy(() -> tokens().tokenFor("not-yet", CALLER)).isInstanceOfSatisfying(TokenUnavailableException.class,
                e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.TERMINAL));
        assertThat(store().find("not-yet").orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);

        env.app().preAuthorize(user);

        assertThat(operations().retry("not-yet", OPERATOR)).isInstanceOf(Renewer.Outcome.Renewed.class);
        assertThat(store().find("not-yet").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void aConnectionThatIsNotBlockedOrNeedsTheWebServerFlowIsRefusedWithWhatToDoInstead() {
        env.register("healthy");
        long before = calls();

        assertThatThrownBy(() -> operations().retry("healthy", OPERATOR)).isInstanceOf(NotRetryableException.class)
                .hasMessageContaining("not blocked").hasMessageContaining("/ops/connections/healthy/renew");

        operations().disable("healthy", OPERATOR);
        assertThatThrownBy(() -> operations().retry("healthy", OPERATOR)).isInstanceOf(NotRetryableException.class)
                .hasMessageContaining("/ops/connections/healthy/enable");
        assertThat(calls()).isEqualTo(before);
    }

    @Test
    void aRefreshTokenConnectionWhoseGrantIsGoneIsSentToTheWebServerFlow() {
        Connection unauthorised = Connection.register("no-grant", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(),
                BrokerEnvironment.CREDENTIALS_REF, dev.sfbroker.token.Flow.REFRESH_TOKEN, null,
                java.util.Set.of(BrokerEnvironment.INTEGRATION_ROLE));
        store().create(unauthorised);
        assertThatThrownBy(() -> tokens().tokenFor("no-grant", CALLER)).isInstanceOf(TokenUnavailableException.class);
        assertThat(store().find("no-grant").orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);

        assertThatThrownBy(() -> operations().retry("no-grant", OPERATOR)).isInstanceOf(NotRetryableException.class)
                .hasMessageContaining("/ops/connections/no-grant/authorization");
    }

    private static long calls() {
        return env.salesforce().counters().jwtBearerCalls();
    }

    private static ConnectionOperations operations() {
        return env.context().getBean(ConnectionOperations.class);
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }
}
