package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimEndpoint;
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
        UserWithAGrantElsewhere compromised = userWithAGrantElsewhere();

        ConnectionOperations.Incident planned = operations().incident(compromised.selector(), true, OPERATOR);

        assertThat(planned.connections()).extracting(ConnectionOperations.IncidentEntry::connectionId)
                .containsExactly(compromised.world().id());
        assertThat(planned.outsideGrants()).as("read through the user's own connection").singleElement().satisfies(grant -> {
            assertThat(grant.username()).isEqualTo(compromised.user().username());
            assertThat(grant.appName()).isEqualTo(compromised.app().name());
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.LISTED);
        });
        assertThat(planned.notSearched()).isEmpty();
        assertThat(compromised.grant().isRevoked()).as("a dry run revokes nothing").isFalse();

        ConnectionOperations.Incident done = operations().incident(compromised.selector(), false, OPERATOR);

        assertThat(done.outsideGrants()).singleElement().satisfies(grant ->
                assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.REVOKED));
        assertThat(compromised.grant().revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(compromised.world().grants()).allSatisfy(grant -> assertThat(grant.isRevoked()).isTrue());
    }

    @Test
    void aRevocationWhoseAnswerIsLostIsJudgedByTheListNotByTheAnswer() throws Exception {
        UserWithAGrantElsewhere compromised = userWithAGrantElsewhere();
        // the outside grants are revoked first: this is their revocation
        env.salesforce().faults().on(SimEndpoint.REVOKE).once().loseResponseAfterApply();

        ConnectionOperations.Incident done = operations().incident(compromised.selector(), false, OPERATOR);

        assertThat(compromised.grant().isRevoked()).isTrue();
        assertThat(done.outsideGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.ALREADY_GONE);
            assertThat(grant.detail()).isEqualTo("Salesforce did not confirm revoking it, but no longer lists it");
        });
    }

    @Test
    void aRevocationSalesforceDidNotApplyIsReportedAsFailedWithWhatToDo() throws Exception {
        UserWithAGrantElsewhere compromised = userWithAGrantElsewhere();
        env.salesforce().faults().on(SimEndpoint.REVOKE).once().failWith(503);

        ConnectionOperations.Incident done = operations().incident(compromised.selector(), false, OPERATOR);

        assertThat(compromised.grant().isRevoked()).isFalse();
        assertThat(done.outsideGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.FAILED);
            assertThat(grant.detail()).contains("Salesforce still lists it", "run the incident again");
        });
    }

    /** A user's connection, authorised, and a grant the same user gave another connected app outside the broker. */
    private record UserWithAGrantElsewhere(SimUser user, RefreshTokenWorld world, SimConnectedApp app, SimGrant grant) {

        IncidentSelector selector() {
            return new IncidentSelector(null, user.username(), null);
        }
    }

    private static UserWithAGrantElsewhere userWithAGrantElsewhere() throws Exception {
        SimUser user = env.org().addUser("compromised" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, user);
        world.authorise();
        SimConnectedApp app = env.org().addConnectedApp("Unknown App " + IDS.incrementAndGet())
                .callbackUrl(RefreshTokenWorld.CALLBACK.toString()).authorizeAs(user);
        env.approveOutsideTheBroker(app, RefreshTokenWorld.CALLBACK.toString());
        return new UserWithAGrantElsewhere(user, world, app, env.salesforce().grants(user, app).getFirst());
    }

    private static ConnectionOperations operations() {
        return env.context().getBean(ConnectionOperations.class);
    }
}
