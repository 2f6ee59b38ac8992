package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An incident by connected app, against the simulator and DynamoDB Local: the grants of the app that the broker does not
 * hold are found for every user of the org, including users the broker has no connection for, through a connection of
 * the org with "Customize Application".
 */
class AppWideIncidentTest {
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    @Test
    void anIncidentByConnectedAppFindsAndRevokesTheGrantsOfUsersTheBrokerHasNoConnectionFor() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.nameTheAppInItsSecret();
        world.authorise();
        SimUser stranger = world.approveElsewhereAsANewUser();
        SimGrant strangers = env.salesforce().grants(stranger, world.app()).getFirst();
        String admin = RefreshTokenWorld.adminConnection(env);
        IncidentSelector selector = new IncidentSelector("apps/" + world.id(), null, null);

        ConnectionOperations.Incident planned = operations().incident(selector, true, OPERATOR);

        assertThat(planned.outsideGrants()).as("read through " + admin).singleElement().satisfies(grant -> {
            assertThat(grant.username()).as("no connection names the user: its Salesforce id").isEqualTo(stranger.id());
            assertThat(grant.appName()).isEqualTo(world.app().name());
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.LISTED);
        });
        assertThat(planned.notSearched()).isEmpty();
        assertThat(strangers.isRevoked()).as("a dry run revokes nothing").isFalse();

        ConnectionOperations.Incident done = operations().incident(selector, false, OPERATOR);

        assertThat(done.outsideGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.REVOKED);
            assertThat(grant.detail()).contains("Salesforce no longer lists it");
        });
        assertThat(strangers.revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(world.grants()).allSatisfy(grant -> assertThat(grant.isRevoked()).isTrue());
        assertThat(env.context().getBean(ConnectionStore.class).delete(
                env.context().getBean(ConnectionStore.class).find(admin).orElseThrow())).isTrue();
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

    private static ConnectionOperations operations() {
        return env.context().getBean(ConnectionOperations.class);
    }
}
