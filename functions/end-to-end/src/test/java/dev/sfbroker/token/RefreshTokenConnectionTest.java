package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.FaultPlan;
import dev.sfbroker.simulator.OAuthErrors;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refresh-token connections against the simulator: onboarding through the web-server flow with PKCE, refresh
 * with rotation, and the rules that keep a rotated grant alive.
 */
class RefreshTokenConnectionTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final Duration SLOW_REFRESH = Duration.ofSeconds(3);

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development")
            // tests renew again right after a failure; in production the back-off is 30 s
            .configure(properties -> {
                properties.put("broker.renewal.retry-after-failure", "1ms");
                // a thousand refresh cycles of one user within minutes: the most Salesforce allows
                properties.put("broker.login-budget.per-hour", LoginBudget.SALESFORCE_LIMIT_PER_HOUR);
            });

    private final HttpClient http = HttpClient.newHttpClient();

    /** A broker instance that waits for Salesforce's answer less long than a slow refresh takes. */
    private static ApplicationContext impatientBroker;

    @AfterEach
    void restoreSalesforce() {
        env.salesforce().faults().clear();
        env.salesforce().settings().reset();
    }

    /** A refresh-token connected app, its secret, and a registered connection; one per test. */
    private RefreshTokenWorld world(boolean rotation) {
        return RefreshTokenWorld.register(env, rotation);
    }

    @Test
    void onboardingThroughTheWebServerFlowStoresTheGrantAndTokensAreServed() throws Exception {
        RefreshTokenWorld world = world(false);

        TokenSet authorised = world.authorise();

        assertThat(tokens().tokenFor(world.id(), CALLER)).isEqualTo(authorised);
        assertThat(world.grants()).hasSize(1);
        assertThat(store().find(world.id()).orElseThrow().grant().refreshToken().reveal())
                .isEqualTo(world.grants().get(0).refreshToken().orElseThrow());
    }

    @Test
    void reauthorisingReplacesTheGrantAndRevokesTheOldOne() throws Exception {
        RefreshTokenWorld world = world(false);
        world.authorise();
        SimGrant first = world.grants().get(0);

        world.authorise();

        assertThat(first.revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(world.grants().stream().filter(grant -> !grant.isRevoked())).hasSize(1);
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 10)).extracting(AuditEvent::action)
                .startsWith(AuditEvent.Action.GRANT_REVOKED, AuditEvent.Action.AUTHORIZED, AuditEvent.Action.AUTHORIZATION_STARTED);
        assertThat(world.renewOnce().isValidAt(Instant.now())).isTrue();
    }

    @Test
    void anApprovalByAnotherUserOfTheOrgIsRevokedAtOnceAndLeavesTheConnectionAsItWas() throws Exception {
        RefreshTokenWorld world = world(false);
        SimUser colleague = env.org().addUser("colleague-" + world.id() + "@acme.example");

        refusedApprovalBy(world, colleague);
    }

    @Test
    void anApprovalByAUserOfAnotherOrgIsRevokedAtOnceAndLeavesTheConnectionAsItWas() throws Exception {
        RefreshTokenWorld world = world(false);
        SimOrg otherOrg = env.salesforce().addOrg("Globex " + world.id());
        SimUser stranger = otherOrg.addUser("integration-" + world.id() + "@globex.example");
        world.app().externalClientApp(true).installIn(otherOrg);

        refusedApprovalBy(world, stranger);
    }

    @Test
    void everyCallbackTheBrokerDoesNotWaitForGetsTheSameAnswer() throws Exception {
        RefreshTokenWorld world = world(false);
        RefreshTokenWorld other = world(false);
        Onboarding onboarding = env.context().getBean(Onboarding.class);
        Map<String, String> completed = RefreshTokenWorld.approve(onboarding.begin(world.id(), RefreshTokenWorld.CALLBACK, "ops", false));
        onboarding.complete(completed.get("state"), completed.get("code"), RefreshTokenWorld.CALLBACK);
        String pendingForOther = RefreshTokenWorld.approve(onboarding.begin(other.id(), RefreshTokenWorld.CALLBACK, "ops", false)).get("state");

        Stream<String> states = Stream.of(completed.get("state"), "no-such-connection~abc", "no separator", "",
                world.id() + pendingForOther.substring(pendingForOther.indexOf('~')));

        assertThat(states.map(state -> catchThrowableOfType(InvalidAuthorizationException.class,
                () -> onboarding.complete(state, "code", RefreshTokenWorld.CALLBACK)).getMessage()).distinct())
                .containsExactly("This authorisation is unknown, expired or already completed; start a new one.");
    }

    /** The connection is authorised by its user, then someone else approves a new authorisation. */
    private void refusedApprovalBy(RefreshTokenWorld world, SimUser approver) throws Exception {
        TokenSet authorised = world.authorise();
        Connection before = store().find(world.id()).orElseThrow();
        world.app().authorizeAs(approver);

        InvalidAuthorizationException refused = catchThrowableOfType(InvalidAuthorizationException.class, world::authorise);

        assertThat(refused.getMessage()).contains("approved by Salesforce user " + approver.username(),
                "not by " + env.user().username(), "the new grant was revoked");
        assertThat(env.salesforce().grants(approver, world.app())).as("the approver's live grants").isEmpty();
        Connection after = store().find(world.id()).orElseThrow();
        assertThat(after.grant().refreshToken().reveal()).isEqualTo(before.grant().refreshToken().reveal());
        assertThat(after.token()).isEqualTo(authorised);
        assertThat(world.liveGrant().refreshToken()).contains(before.grant().refreshToken().reveal());
        AuditEvent audited = env.context().getBean(AuditTrail.class).forConnection(world.id(), 1).get(0);
        assertThat(audited.action()).isEqualTo(AuditEvent.Action.AUTHORIZATION_FAILED);
        assertThat(audited.outcome()).isEqualTo("WRONG_USER");
    }

    @Test
    void withRotationEachRefreshStoresTheNewRefreshTokenInTheSameWrite() throws Exception {
        RefreshTokenWorld world = world(true);
        world.authorise();

        for (int i = 0; i < 5; i++) {
            world.renewOnce();
            Connection stored = store().find(world.id()).orElseThrow();
            assertThat(stored.grant().rotates()).isTrue();
            assertThat(stored.grant().refreshToken().reveal()).isEqualTo(world.liveGrant().refreshToken().orElseThrow());
        }
        assertThat(world.liveGrant().isRevoked()).isFalse();
    }

    @Test
    void aLostAnswerToARotatingRefreshIsReconciledAndEndsVisiblyWithoutReplayingTheOldToken() throws Exception {
        RefreshTokenWorld world = world(true);
        world.authorise();
        SimGrant grant = world.liveGrant();
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();

        Failure lost = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();
        assertThat(lost.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(store().find(world.id()).orElseThrow().outcomeUnknown()).isTrue();

        Failure reconciled = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();

        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(reconciled.cause()).contains("rotated");
        assertThat(stored.lastFailure().cause()).contains("rotated");
        assertThat(grant.revocation()).as("the old refresh token was never replayed").isEmpty();
    }

    @Test
    void aLostAnswerWithoutRotationIsReconciledAndRenewedNormally() throws Exception {
        RefreshTokenWorld world = world(false);
        world.authorise();
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
        catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce());

        TokenSet renewed = world.renewOnce();

        assertThat(renewed.isValidAt(Instant.now())).isTrue();
        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(stored.outcomeUnknown()).isFalse();
    }

    /** Answers that came back after Salesforce applied the refresh, but are not Salesforce's refusal. */
    static Stream<Arguments> answersThatAreNoRefusal() {
        return Stream.of(
                answer("504 gateway page", "HTTP 504", faults -> faults.gatewayTimeoutAfterApply()),
                answer("502 from a load balancer", "HTTP 502", faults -> faults.answerAfterApply(502, "text/plain", "Bad Gateway")),
                answer("503 maintenance page", "HTTP 503", faults -> faults.answerAfterApply(503, "text/html;charset=UTF-8",
                        "<html><body>Down for maintenance</body></html>")),
                answer("429 without an OAuth error", "HTTP 429", faults -> faults.answerAfterApply(429, "application/json",
                        "{\"message\":\"Too Many Requests\"}")),
                answer("200 with a truncated body", "HTTP 200", faults -> faults.answerAfterApply(200,
                        "application/json;charset=UTF-8", "{\"access_token\":\"00D")));
    }

    @ParameterizedTest(name = "{0}, rotation {2}")
    @MethodSource("answersWithAndWithoutRotation")
    void anAppliedRefreshAnsweredByAnythingButARefusalIsReconciledAndNeverReplayed(Consumer<FaultPlan> fault, String answer,
                                                                                   boolean rotation) throws Exception {
        RefreshTokenWorld world = world(rotation);
        world.authorise();
        fault.accept(env.salesforce().faults().on(SimEndpoint.TOKEN).once());

        Failure unknown = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();
        assertThat(unknown.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(unknown.cause()).contains(answer);
        assertThat(store().find(world.id()).orElseThrow().outcomeUnknown()).isTrue();

        if (rotation) {
            Failure lost = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();
            Connection stored = store().find(world.id()).orElseThrow();
            assertThat(stored.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(lost.cause()).contains("rotated").contains(answer);
            assertThat(stored.lastFailure().cause()).isEqualTo(lost.cause());
        } else {
            assertThat(world.renewOnce().isValidAt(Instant.now())).isTrue();
            assertThat(store().find(world.id()).orElseThrow().outcomeUnknown()).isFalse();
        }
        assertNoGrantRevokedForReuse(world);
    }

    static Stream<Arguments> answersWithAndWithoutRotation() {
        return answersThatAreNoRefusal().flatMap(arguments -> Stream.of(true, false)
                .map(rotation -> Arguments.of(arguments.get()[0], arguments.get()[1], rotation)));
    }

    /**
     * A gateway answers 504 after Salesforce exchanged the code: that is no refusal, and the grant Salesforce may have
     * created is not left silently. The broker cannot reconcile it (it never saw the refresh token) or exchange the
     * code again (single use): it records the unknown outcome, and a new authorisation starts over.
     */
    @Test
    void aCodeExchangeAnsweredByAGatewayAfterItWasAppliedIsNoRefusalAndIsRecorded() throws Exception {
        RefreshTokenWorld world = world(true);
        Onboarding.Started started = onboarding().begin(world.id(), RefreshTokenWorld.CALLBACK, "arn:aws:iam::123456789012:role/ops", false);
        Map<String, String> callback = RefreshTokenWorld.approve(started);
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().gatewayTimeoutAfterApply();

        Failure failure = catchThrowableOfType(TokenUnavailableException.class,
                () -> onboarding().complete(callback.get("state"), callback.get("code"), RefreshTokenWorld.CALLBACK)).failure();

        assertThat(failure.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(failure.cause()).contains("HTTP 504").contains("may have created a grant");
        assertThat(world.grants()).as("Salesforce created the grant the broker never saw").hasSize(1);
        assertThat(store().find(world.id()).orElseThrow().grant()).isNull();
        AuditEvent recorded = env.context().getBean(AuditTrail.class).forConnection(world.id(), 10).get(0);
        assertThat(recorded.action()).isEqualTo(AuditEvent.Action.AUTHORIZATION_FAILED);
        assertThat(recorded.outcome()).isEqualTo(FailureClass.OUTCOME_UNKNOWN.name());

        world.authorise();
        assertThat(world.renewOnce().isValidAt(Instant.now())).isTrue();
        assertNoGrantRevokedForReuse(world);
    }

    /**
     * A refresh slow enough that the broker stops waiting, while Salesforce goes on and completes it; the retry a
     * moment later meets Salesforce's lock on the refresh token. That refusal is no verdict on the grant: the
     * connection is not blocked for it, and once the slow refresh is through, reconciliation decides.
     */
    @ParameterizedTest(name = "{0}, rotation {1}")
    @CsvSource({"token request is already being processed, true", "token request is already being processed, false",
            "expired authorization code, true", "expired authorization code, false"})
    void aRetryThatMeetsARefreshStillInProcessingWaitsAndReconciles(String lockDescription, boolean rotation) throws Exception {
        if (lockDescription.equals(OAuthErrors.EXPIRED_AUTHORIZATION_CODE.description())) {
            env.salesforce().settings().tokenRequestInProcessingError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
        }
        RefreshTokenWorld world = world(rotation);
        world.authorise();
        SimGrant grant = world.liveGrant();
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().latency(SLOW_REFRESH);

        Renewer.Outcome timedOut = impatientBroker().getBean(Renewer.class).renew(store().find(world.id()).orElseThrow(), AuditEvent.SCHEDULE);
        assertThat(timedOut).isInstanceOfSatisfying(Renewer.Outcome.Failed.class,
                failed -> assertThat(failed.failure().failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN));

        Failure inFlight = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();
        assertThat(inFlight.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(inFlight.salesforceDescription()).isEqualTo(lockDescription);
        assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);

        awaitRefreshApplied(grant);
        if (rotation) {
            Failure lost = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();
            assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(lost.cause()).contains("answer").contains("rotated").doesNotContain("does not recognise");
        } else {
            assertThat(world.renewOnce().isValidAt(Instant.now())).isTrue();
            assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
        }
        assertNoGrantRevokedForReuse(world);
    }

    @Test
    void anInstanceThatDiedBetweenSalesforcesAnswerAndItsWriteIsDetectedFromItsLease() throws Exception {
        RefreshTokenWorld world = world(true);
        world.authorise();
        SimGrant grant = world.liveGrant();
        assertThat(refreshAsAnInstanceThatDies(world)).isTrue();

        Failure failure = catchThrowableOfType(TokenUnavailableException.class, () -> world.renewOnce()).failure();

        assertThat(failure.failureClass()).isEqualTo(FailureClass.TERMINAL);
        assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(grant.revocation()).as("the old refresh token was never replayed").isEmpty();
    }

    /**
     * 1,000 refresh cycles with rotation under random faults. After every cycle: no grant was ever revoked for
     * refresh token reuse (the broker never replayed a rotated token), and whenever the broker's refresh token is
     * no longer Salesforce's current one, the connection says so (marked outcome unknown, or needing
     * re-authorisation with that reason). A connection needing re-authorisation is re-onboarded and the run goes on.
     */
    @Test
    void thousandRotatingRefreshCyclesUnderRandomFaultsNeverReplayAndNeverLoseTheGrantSilently() throws Exception {
        RefreshTokenWorld world = world(true);
        world.authorise();
        Random random = new java.util.Random(20261122);
        int reauthorisations = 0;
        int lostAnswers = 0;
        for (int cycle = 0; cycle < 1000; cycle++) {
            switch (random.nextInt(10)) {
                case 0 -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(503);
                case 1 -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().latency(Duration.ofMillis(20));
                case 2 -> {
                    env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
                    lostAnswers++;
                }
                case 3 -> lostAnswers += refreshAsAnInstanceThatDies(world) ? 1 : 0;
                case 4 -> {
                    env.salesforce().faults().on(SimEndpoint.TOKEN).once().gatewayTimeoutAfterApply();
                    lostAnswers++;
                }
                default -> { }
            }
            try {
                world.renewOnce();
            } catch (TokenUnavailableException expected) {
                // a fault: the invariants below say whether it was handled
            }
            env.salesforce().faults().clear();
            Connection stored = store().find(world.id()).orElseThrow();
            assertNoGrantRevokedForReuse(world);
            boolean brokerHoldsLiveToken = world.grants().stream().filter(grant -> !grant.isRevoked())
                    .anyMatch(grant -> grant.refreshToken().orElse("").equals(stored.grant().refreshToken().reveal()));
            if (!brokerHoldsLiveToken) {
                assertThat(stored.outcomeUnknown() || stored.lastRenewalUncertain() || stored.state() == ConnectionState.NEEDS_REAUTH)
                        .as("cycle %d: a lost grant is visible", cycle).isTrue();
            }
            if (stored.state() == ConnectionState.NEEDS_REAUTH) {
                assertThat(stored.lastFailure().cause()).as("cycle %d", cycle).contains("answer");
                world.authorise();
                reauthorisations++;
            }
        }
        assertThat(reauthorisations).isPositive().isLessThanOrEqualTo(lostAnswers);
        assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    /** The lease (60 s) stays at least twice the longest token call (connect 3 s + request 1 s), as start-up checks. */
    private static ApplicationContext impatientBroker() {
        if (impatientBroker == null) {
            impatientBroker = env.anotherInstance(Map.of("broker.salesforce.request-timeout", "1s"));
        }
        return impatientBroker;
    }

    /** Waits until Salesforce has completed the slow refresh the broker stopped waiting for. */
    private static void awaitRefreshApplied(SimGrant grant) throws InterruptedException {
        Instant deadline = Instant.now().plus(SLOW_REFRESH.multipliedBy(3));
        while (grant.useCount() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(grant.useCount()).as("the slow refresh was applied").isEqualTo(1);
    }

    /** Judged from Salesforce's records, not the broker's view: a replayed rotated token revokes the grant for reuse. */
    private static void assertNoGrantRevokedForReuse(RefreshTokenWorld world) {
        assertThat(env.salesforce().grantHistory(env.user(), world.app())).as("grants revoked for refresh token reuse")
                .noneMatch(grant -> grant.revocation().filter(SimGrant.Revocation.REFRESH_TOKEN_REUSED::equals).isPresent());
    }

    private static Arguments answer(String name, String answer, Consumer<FaultPlan> fault) {
        return Arguments.of(Named.of(name, fault), answer);
    }

    /**
     * What an instance that dies after Salesforce answered leaves behind: it took the lease, its refresh reached
     * Salesforce (rotating the token), and nothing was stored. Its lease runs out at once here. Like a broker instance,
     * it never refreshes a connection whose last renewal is uncertain (a broker would reconcile first); returns
     * whether it refreshed.
     */
    private boolean refreshAsAnInstanceThatDies(RefreshTokenWorld world) throws Exception {
        Connection read = store().find(world.id()).orElseThrow();
        Instant now = Instant.now();
        if (read.lastRenewalUncertain() || !read.mayStartRenewalAt(now)
                || store().acquireLease(read, new Lease("doomed", now.plusMillis(1)), now).isEmpty()) {
            return false;
        }
        String form = "grant_type=refresh_token&client_id=" + enc(world.app().consumerKey()) + "&client_secret="
                + enc(world.app().consumerSecret()) + "&refresh_token=" + enc(read.grant().refreshToken().reveal());
        http.send(HttpRequest.newBuilder(URI.create(env.salesforce().tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        Thread.sleep(2);
        return true;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }

    private static Onboarding onboarding() {
        return env.context().getBean(Onboarding.class);
    }
}
