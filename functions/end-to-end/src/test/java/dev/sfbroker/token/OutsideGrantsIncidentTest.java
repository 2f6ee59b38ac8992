package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Incidents that reach the grants the broker does not hold, against the simulator and DynamoDB Local: by connected app
 * or by org, every user's grants of the apps concerned (users the broker has no connection for included), read through
 * a connection of the org with "Customize Application"; by user, the user's grants of every connected app (apps the
 * broker has no connection for included).
 */
class OutsideGrantsIncidentTest {
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    enum By { APP, ORG }

    @ParameterizedTest(name = "by {0}")
    @EnumSource(By.class)
    void anIncidentFindsAndRevokesTheGrantsOfUsersTheBrokerHasNoConnectionFor(By by) throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.nameTheAppInItsSecret();
        world.authorise();
        SimUser stranger = world.approveElsewhereAsANewUser();
        SimGrant strangers = env.salesforce().grants(stranger, world.app()).getFirst();
        String admin = RefreshTokenWorld.adminConnection(env);
        IncidentSelector selector = by == By.APP ? new IncidentSelector("apps/" + world.id(), null, null)
                : new IncidentSelector(null, null, env.salesforce().baseUrl());

        ConnectionOperations.Incident planned = operations().incident(selector, true, OPERATOR);

        assertThat(planned.outsideGrants()).as("read through " + admin).filteredOn(grant -> grant.username().equals(stranger.id()))
                .singleElement().satisfies(grant -> {
                    assertThat(grant.appName()).isEqualTo(world.app().name());
                    assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.LISTED);
                });
        if (by == By.APP) {
            assertThat(planned.notSearched()).isEmpty();
        } else {
            assertThat(planned.connections()).extracting(ConnectionOperations.IncidentEntry::connectionId).contains(world.id(), admin);
            assertThat(planned.notSearched()).as("the admin's own app has no API name in its secret")
                    .anySatisfy(why -> assertThat(why).contains("every user of " + BrokerEnvironment.CREDENTIALS_REF, "connected_app"));
        }
        assertThat(strangers.isRevoked()).as("a dry run revokes nothing").isFalse();

        ConnectionOperations.Incident done = operations().incident(selector, false, OPERATOR);

        assertThat(done.outsideGrants()).filteredOn(grant -> grant.username().equals(stranger.id())).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.REVOKED);
            assertThat(grant.detail()).contains("Salesforce no longer lists it");
        });
        assertThat(strangers.revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(world.grants()).allSatisfy(grant -> assertThat(grant.isRevoked()).isTrue());
        // the next test must find no connection that sees every user's approvals
        ConnectionStore store = env.context().getBean(ConnectionStore.class);
        assertThat(store.delete(store.find(admin).orElseThrow())).isTrue();
    }

    @Test
    void withoutAConnectionThatSeesEveryUsersApprovalsTheReportSaysWhereItCouldNotLook() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.nameTheAppInItsSecret();
        world.authorise();

        ConnectionOperations.Incident planned = operations().incident(new IncidentSelector("apps/" + world.id(), null, null), true, OPERATOR);

        assertThat(planned.notSearched()).singleElement().asString().contains("every user of apps/" + world.id(),
                "connection '" + world.id() + "' (" + env.user().username() + ") sees only its own user's approvals");
    }

    @Test
    void anIncidentByUserFindsAndRevokesTheUsersGrantsOfAppsTheBrokerHasNoConnectionFor() throws Exception {
        SimUser compromised = env.org().addUser("compromised" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, compromised);
        world.authorise();
        SimConnectedApp unknownApp = env.org().addConnectedApp("Unknown App " + IDS.incrementAndGet())
                .callbackUrl(RefreshTokenWorld.CALLBACK.toString()).authorizeAs(compromised);
        env.approveOutsideTheBroker(unknownApp, RefreshTokenWorld.CALLBACK.toString());
        SimGrant elsewhere = env.salesforce().grants(compromised, unknownApp).getFirst();
        IncidentSelector selector = new IncidentSelector(null, compromised.username(), null);

        ConnectionOperations.Incident planned = operations().incident(selector, true, OPERATOR);

        assertThat(planned.connections()).extracting(ConnectionOperations.IncidentEntry::connectionId).containsExactly(world.id());
        assertThat(planned.outsideGrants()).as("read through the user's own connection").singleElement().satisfies(grant -> {
            assertThat(grant.username()).isEqualTo(compromised.username());
            assertThat(grant.appName()).isEqualTo(unknownApp.name());
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.LISTED);
        });
        assertThat(planned.notSearched()).isEmpty();
        assertThat(elsewhere.isRevoked()).as("a dry run revokes nothing").isFalse();

        ConnectionOperations.Incident done = operations().incident(selector, false, OPERATOR);

        assertThat(done.outsideGrants()).singleElement().satisfies(grant ->
                assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.REVOKED));
        assertThat(elsewhere.revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(world.grants()).allSatisfy(grant -> assertThat(grant.isRevoked()).isTrue());
    }

    private static ConnectionOperations operations() {
        return env.context().getBean(ConnectionOperations.class);
    }
}
