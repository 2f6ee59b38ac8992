package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.IpRelaxation;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Salesforce's five approvals per user and connected app, against the simulator (which evicts the oldest at the sixth)
 * and DynamoDB Local: the broker refuses to start an authorisation that would evict another grant unless the operator
 * accepts it, and audits either choice; a grant a lost code exchange left behind is found and revoked.
 */
class FiveApprovalsTest {
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    @AfterEach
    void clearFaults() {
        env.salesforce().faults().clear();
    }

    @Test
    void aSixthApprovalIsRefusedNamingTheGrantItWouldEvictUntilTheOperatorAcceptsIt() throws Exception {
        RefreshTokenWorld first = RefreshTokenWorld.register(env, false);
        fiveApprovals(first);
        SimGrant oldest = first.liveGrant();
        String second = sameUserAndApp(first, "second");

        ApprovalWouldEvictException refused = catchThrowableOfType(ApprovalWouldEvictException.class,
                () -> onboarding().begin(second, RefreshTokenWorld.CALLBACK, OPERATOR, false));

        assertThat(refused.doomed()).isEqualTo(new ApprovalLimit.DoomedGrant(first.app().name(), env.user().username(),
                oldest.createdDate().truncatedTo(ChronoUnit.MILLIS), oldest.lastUsedDate().truncatedTo(ChronoUnit.MILLIS), first.id()));
        assertThat(refused.getMessage()).contains("which the broker holds for connection '" + first.id() + "'", "accept_eviction");
        assertThat(store().find(second).orElseThrow().pendingAuthorization()).as("nothing started").isNull();
        assertThat(audit(second)).satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditEvent.Action.AUTHORIZATION_FAILED);
            assertThat(event.outcome()).isEqualTo("WOULD_EVICT_GRANT");
            assertThat(event.actor()).isEqualTo(OPERATOR);
        });

        Onboarding.Started started = onboarding().begin(second, RefreshTokenWorld.CALLBACK, OPERATOR, true);
        Map<String, String> callback = RefreshTokenWorld.approve(started);
        onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK);

        assertThat(started.evicts()).contains(refused.doomed());
        assertThat(oldest.revocation()).as("Salesforce evicted it, as the broker said").contains(SimGrant.Revocation.EVICTED);
        assertThat(first.grants().stream().filter(grant -> !grant.isRevoked())).hasSize(ApprovalLimit.PER_USER_AND_APP);
    }

    @RepeatedTest(3)
    void twoInstancesStartingFlowsOfTheSameUserAndAppAtOnceDoNotBothPassWhenTogetherTheyWouldEvictAGrant() throws Exception {
        RefreshTokenWorld first = RefreshTokenWorld.register(env, false);
        first.authorise();
        for (int i = 0; i < ApprovalLimit.PER_USER_AND_APP - 2; i++) {
            first.approveElsewhere();
        }
        List<String> connections = List.of(sameUserAndApp(first, "a"), sameUserAndApp(first, "b"));
        List<Onboarding> instances = List.of(onboarding(), env.anotherInstance().getBean(Onboarding.class));
        CountDownLatch start = new CountDownLatch(1);
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                Onboarding instance = instances.get(i);
                String connection = connections.get(i);
                pool.submit(() -> {
                    start.await();
                    try {
                        outcomes.add(instance.begin(connection, RefreshTokenWorld.CALLBACK, OPERATOR, false));
                    } catch (ApprovalWouldEvictException refused) {
                        outcomes.add(refused);
                    }
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes).as("4 approvals and 2 flows: only one of them may start").filteredOn(Onboarding.Started.class::isInstance)
                .hasSize(1);
        ApprovalWouldEvictException refused = outcomes.stream().filter(ApprovalWouldEvictException.class::isInstance)
                .map(ApprovalWouldEvictException.class::cast).findFirst().orElseThrow();
        assertThat(refused.doomed().heldBy()).as("the oldest: the broker's own grant").isEqualTo(first.id());
    }

    @Test
    void aFinishedAuthorisationNoLongerCountsAsInProgress() throws Exception {
        RefreshTokenWorld first = RefreshTokenWorld.register(env, false);
        first.authorise();
        for (int i = 0; i < ApprovalLimit.PER_USER_AND_APP - 3; i++) {
            first.approveElsewhere();
        }
        String second = sameUserAndApp(first, "done");
        Map<String, String> callback = RefreshTokenWorld.approve(onboarding().begin(second, RefreshTokenWorld.CALLBACK, OPERATOR, false));
        onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK);

        Onboarding.Started third = env.anotherInstance().getBean(Onboarding.class)
                .begin(sameUserAndApp(first, "after"), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(third.evicts()).as("four approvals, and no flow in progress any more: a fifth evicts nothing").isEmpty();
        assertThat(third.warnings()).isEmpty();
    }

    @Test
    void theAcceptedEvictionIsAuditedWithTheGrantItRevokes() throws Exception {
        RefreshTokenWorld first = RefreshTokenWorld.register(env, false);
        fiveApprovals(first);
        String second = sameUserAndApp(first, "accepted");

        onboarding().begin(second, RefreshTokenWorld.CALLBACK, OPERATOR, true);

        assertThat(audit(second)).satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditEvent.Action.AUTHORIZATION_STARTED);
            assertThat(event.detail()).contains("the operator accepted that it revokes the approval of " + first.app().name(),
                    "which the broker holds for connection '" + first.id() + "'");
        });
    }

    @Test
    void reauthorisingAConnectionWhoseOwnGrantIsTheOldestIsNotRefused() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        fiveApprovals(world);

        Onboarding.Started started = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(started.evicts()).isEmpty();
        assertThat(started.warnings()).isEmpty();
    }

    @Test
    void aFirstAuthorisationThatCannotCountSalesforcesApprovalsStartsWithAWarning() {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);

        Onboarding.Started started = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(started.warnings()).singleElement().asString().contains("could not be counted", "the broker holds 0 of them");
        assertThat(audit(world.id()).detail()).contains("could not be counted");
    }

    @Test
    void aFirstAuthorisationCountsOtherToolsApprovalsThroughAnAdminConnectionOfTheOrgAndRecordsTheUsersIds() throws Exception {
        SimUser newcomer = env.org().addUser("newcomer" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, newcomer);
        world.nameTheAppInItsSecret();
        for (int i = 0; i < ApprovalLimit.PER_USER_AND_APP; i++) {
            world.approveElsewhere();
        }
        SimGrant oldest = world.liveGrant();
        String admin = RefreshTokenWorld.adminConnection(env);

        ApprovalWouldEvictException refused;
        try {
            refused = catchThrowableOfType(ApprovalWouldEvictException.class,
                    () -> onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false));
        } finally {
            // the other tests' users are read through their own connections, or not at all
            assertThat(store().delete(store().find(admin).orElseThrow())).isTrue();
        }

        assertThat(refused).as("read through connection " + admin).isNotNull();
        assertThat(refused.doomed()).isEqualTo(new ApprovalLimit.DoomedGrant(world.app().name(), newcomer.username(),
                oldest.createdDate().truncatedTo(ChronoUnit.MILLIS), oldest.lastUsedDate().truncatedTo(ChronoUnit.MILLIS), null));

        Map<String, String> callback = RefreshTokenWorld.approve(onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, true));
        onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK);

        assertThat(oldest.revocation()).as("Salesforce evicted it, as the broker said").contains(SimGrant.Revocation.EVICTED);
        assertThat(store().find(world.id()).orElseThrow().salesforceUser()).isEqualTo(new SalesforceUser(env.org().id(), newcomer.id()));
    }

    @Test
    void anotherUsersConnectionWithoutCustomizeApplicationCannotCountTheApprovals() throws Exception {
        SimUser newcomer = env.org().addUser("plain" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, newcomer);
        world.nameTheAppInItsSecret();
        SimUser colleague = env.org().addUser("colleague" + IDS.incrementAndGet() + "@acme.example");
        env.app().preAuthorize(colleague);
        String plain = "plain-" + IDS.incrementAndGet();
        env.register(plain, LoginHost.of(env.salesforce().baseUrl(), null), colleague.username(), BrokerEnvironment.CREDENTIALS_REF);
        env.context().getBean(TokenService.class).tokenFor(plain, new Caller(BrokerEnvironment.INTEGRATION_ROLE));

        Onboarding.Started started = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(started.warnings()).singleElement().asString().contains("could not be counted",
                "connection '" + plain + "' (" + colleague.username() + ") sees only its own user's approvals");
    }

    @Test
    void aReauthorisationWhoseCodeExchangeAnswerWasLostRevokesTheGrantItLeftBehind() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.authorise();
        SimGrant held = world.liveGrant();
        Map<String, String> callback = RefreshTokenWorld.approve(onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false));
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();

        Failure failure = catchThrowableOfType(TokenUnavailableException.class,
                () -> onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK)).failure();

        SimGrant unseen = env.salesforce().grantHistory(env.user(), world.app()).stream().filter(grant -> grant != held)
                .findFirst().orElseThrow(() -> new AssertionError("the lost exchange created no grant"));
        assertThat(unseen.revocation()).as("found by user, app and creation time, revoked with its DeleteToken")
                .contains(SimGrant.Revocation.REVOKED);
        assertThat(held.isRevoked()).isFalse();
        assertThat(store().find(world.id()).orElseThrow().grant().refreshToken().reveal()).isEqualTo(held.refreshToken().orElseThrow());
        assertThat(failure.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(failure.cause()).contains("was revoked through its DeleteToken");
        assertThat(failure.fix()).isEqualTo("Start the authorisation again.");
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 2)).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditEvent.Action.AUTHORIZATION_FAILED, AuditEvent.Action.GRANT_REVOKED);
    }

    @Test
    void aGrantAnInstanceExchangedButNeverStoredIsFoundAndRevokedWhenTheNextFlowStarts() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.authorise();
        SimGrant held = world.liveGrant();
        SimGrant orphan = grantOfAnInstanceThatStopped(world);

        Onboarding.Started next = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(orphan.revocation()).as("found by user, app and creation time, revoked with its DeleteToken")
                .contains(SimGrant.Revocation.REVOKED);
        assertThat(held.isRevoked()).isFalse();
        assertThat(next.warnings()).singleElement().asString().contains("an earlier authorisation of this connection did not complete",
                "the grant the unfinished authorisation created (created", "revoked through its DeleteToken");
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 2)).extracting(AuditEvent::action)
                .containsExactly(AuditEvent.Action.AUTHORIZATION_STARTED, AuditEvent.Action.GRANT_REVOKED);
    }

    @Test
    void aGrantAnInstanceExchangedButNeverStoredIsFoundAndRevokedWhenAnOperatorRetriesTheConnection() throws Exception {
        SimUser user = env.org().addUser("retried" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, user);
        world.authorise();
        SimGrant held = world.liveGrant();
        SimGrant orphan = grantOfAnInstanceThatStopped(world);
        misconfiguredByAnIpRestriction(world, user);
        user.ipRestricted(false);

        Renewer.Outcome outcome = env.context().getBean(ConnectionOperations.class).retry(world.id(), OPERATOR);

        assertThat(outcome).isInstanceOf(Renewer.Outcome.Renewed.class);
        assertThat(orphan.revocation()).as("found by user, app and creation time, revoked with its DeleteToken")
                .contains(SimGrant.Revocation.REVOKED);
        assertThat(held.isRevoked()).isFalse();
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 2)).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditEvent.Action.RETRIED, AuditEvent.Action.GRANT_REVOKED);
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 2)).filteredOn(event -> event.action()
                == AuditEvent.Action.RETRIED).singleElement().satisfies(event -> assertThat(event.detail())
                .contains("an earlier authorisation of this connection did not complete", "revoked through its DeleteToken"));
    }

    @Test
    void aRetryThatFailsStillRecordsWhatItFoundOfTheUnfinishedAuthorisation() throws Exception {
        SimUser user = env.org().addUser("retried" + IDS.incrementAndGet() + "@acme.example");
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false, user);
        world.authorise();
        grantOfAnInstanceThatStopped(world);
        misconfiguredByAnIpRestriction(world, user);

        Renewer.Outcome outcome = env.context().getBean(ConnectionOperations.class).retry(world.id(), OPERATOR);

        assertThat(outcome).isInstanceOf(Renewer.Outcome.Failed.class);
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 3)).filteredOn(event -> event.action()
                == AuditEvent.Action.RETRIED).singleElement().satisfies(event -> assertThat(event.detail())
                .contains("was MISCONFIGURED", "an earlier authorisation of this connection did not complete"));
    }

    /** The user's IP range is enforced and the user is outside it: the next renewal leaves the connection MISCONFIGURED. */
    private void misconfiguredByAnIpRestriction(RefreshTokenWorld world, SimUser user) {
        world.app().ipRelaxation(IpRelaxation.ENFORCE);
        user.ipRestricted(true);
        catchThrowableOfType(TokenUnavailableException.class, world::renewOnce);
        assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
    }

    @Test
    void anAbandonedFlowWhoseCodeNobodyExchangedLeavesAnotherToolsNewApprovalAlone() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.authorise();
        RefreshTokenWorld.approve(onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false));
        world.approveElsewhere();

        Onboarding.Started next = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false);

        assertThat(world.grants()).as("the broker's grant and the other tool's").hasSize(2)
                .allSatisfy(grant -> assertThat(grant.isRevoked()).isFalse());
        assertThat(next.warnings()).isEmpty();
    }

    @Test
    void anApprovalNobodyHoldsCreatedDuringTheFlowIsReportedWhenTheAuthorisationCompletes() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, false);
        world.authorise();
        Map<String, String> callback = RefreshTokenWorld.approve(onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false));
        world.approveElsewhere();

        onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK);

        AuditEvent authorised = env.context().getBean(AuditTrail.class).forConnection(world.id(), 5).stream()
                .filter(event -> event.action() == AuditEvent.Action.AUTHORIZED).findFirst().orElseThrow();
        assertThat(authorised.detail()).contains("replaces the previous grant; approvals of the app by " + env.user().username()
                + " that no connection holds were created since the authorisation started");
        assertThat(world.grants().stream().filter(grant -> !grant.isRevoked())).as("reported, not revoked: it may be another tool's")
                .hasSize(2);
    }

    /**
     * Starts a web-server flow of {@code world}'s connection; the instance that gets the callback records the exchange,
     * exchanges the code, then stops before storing the grant. Returns that grant.
     */
    private static SimGrant grantOfAnInstanceThatStopped(RefreshTokenWorld world) throws Exception {
        Map<String, String> callback = RefreshTokenWorld.approve(onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, OPERATOR, false));
        assertThat(store().startCodeExchange(store().find(world.id()).orElseThrow(), Instant.now())).isTrue();
        Connection pending = store().find(world.id()).orElseThrow();
        IssuedToken issued = env.context().getBean(AuthorizationServer.class).exchangeCode(pending, callback.get("code"),
                pending.pendingAuthorization().codeVerifier(), RefreshTokenWorld.CALLBACK);
        return env.salesforce().grant(issued.refreshToken().reveal()).orElseThrow();
    }

    /** The broker authorises {@code world} (the oldest approval), then other tools make the user's four others of its app. */
    private static void fiveApprovals(RefreshTokenWorld world) throws Exception {
        world.authorise();
        for (int i = 0; i < ApprovalLimit.PER_USER_AND_APP - 1; i++) {
            world.approveElsewhere();
        }
    }

    /** A second connection of the broker with the same user and connected app as {@code world}'s. */
    private static String sameUserAndApp(RefreshTokenWorld world, String suffix) {
        Connection connection = Connection.register(world.id() + "-" + suffix, store().find(world.id()).orElseThrow().loginHost(),
                env.user().username(), "apps/" + world.id(), Flow.REFRESH_TOKEN, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE));
        assertThat(store().create(connection)).isTrue();
        return connection.id();
    }

    private static AuditEvent audit(String connectionId) {
        return env.context().getBean(AuditTrail.class).forConnection(connectionId, 1).getFirst();
    }

    private static Onboarding onboarding() {
        return env.context().getBean(Onboarding.class);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }
}
