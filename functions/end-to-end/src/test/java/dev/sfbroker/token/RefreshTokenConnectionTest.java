package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.testing.BrokerEnvironment;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refresh-token connections against the simulator: onboarding through the web-server flow with PKCE, refresh
 * with rotation, and the rules that keep a rotated grant alive (DESIGN rules 2, 3 and 4).
 */
class RefreshTokenConnectionTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final URI CALLBACK = URI.create("https://broker.example/oauth/callback");
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development")
            // tests renew again right after a failure; in production the back-off is 30 s
            .configure(properties -> properties.put("broker.renewal.retry-after-failure", "1ms"));

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearFaults() {
        env.salesforce().faults().clear();
    }

    /** A refresh-token connected app, its secret, and a registered connection; one per test. */
    private record World(String id, SimConnectedApp app) {
    }

    private World world(boolean rotation) {
        String id = "refresh-" + IDS.incrementAndGet();
        SimConnectedApp app = env.org().addConnectedApp("Refresh App " + id)
                .callbackUrl(CALLBACK.toString())
                .refreshTokenRotation(rotation)
                .authorizeAs(env.user());
        env.writeClientSecret("apps/" + id, app.consumerKey(), app.consumerSecret());
        Connection connection = Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(),
                "apps/" + id, Flow.REFRESH_TOKEN, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE));
        assertThat(store().create(connection)).isTrue();
        return new World(id, app);
    }

    @Test
    void onboardingThroughTheWebServerFlowStoresTheGrantAndTokensAreServed() throws Exception {
        World world = world(false);

        TokenSet authorised = authorise(world);

        assertThat(tokens().tokenFor(world.id(), CALLER)).isEqualTo(authorised);
        assertThat(grants(world)).hasSize(1);
        assertThat(store().find(world.id()).orElseThrow().grant().refreshToken().reveal())
                .isEqualTo(grants(world).get(0).refreshToken().orElseThrow());
    }

    @Test
    void reauthorisingReplacesTheGrantAndRevokesTheOldOne() throws Exception {
        World world = world(false);
        authorise(world);
        SimGrant first = grants(world).get(0);

        authorise(world);

        assertThat(first.revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(grants(world).stream().filter(grant -> !grant.isRevoked())).hasSize(1);
        assertThat(env.context().getBean(AuditTrail.class).forConnection(world.id(), 10)).extracting(AuditEvent::action)
                .startsWith(AuditEvent.Action.GRANT_REVOKED, AuditEvent.Action.AUTHORIZED, AuditEvent.Action.AUTHORIZATION_STARTED);
        assertThat(renewOnce(world).isValidAt(Instant.now())).isTrue();
    }

    @Test
    void withRotationEachRefreshStoresTheNewRefreshTokenInTheSameWrite() throws Exception {
        World world = world(true);
        authorise(world);

        for (int i = 0; i < 5; i++) {
            renewOnce(world);
            Connection stored = store().find(world.id()).orElseThrow();
            assertThat(stored.grant().rotates()).isTrue();
            assertThat(stored.grant().refreshToken().reveal()).isEqualTo(liveGrant(world).refreshToken().orElseThrow());
        }
        assertThat(liveGrant(world).isRevoked()).isFalse();
    }

    @Test
    void aLostAnswerToARotatingRefreshIsReconciledAndEndsVisiblyWithoutReplayingTheOldToken() throws Exception {
        World world = world(true);
        authorise(world);
        SimGrant grant = liveGrant(world);
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();

        Failure lost = catchThrowableOfType(TokenUnavailableException.class, () -> renewOnce(world)).failure();
        assertThat(lost.failureClass()).isEqualTo(FailureClass.OUTCOME_UNKNOWN);
        assertThat(store().find(world.id()).orElseThrow().outcomeUnknown()).isTrue();

        Failure reconciled = catchThrowableOfType(TokenUnavailableException.class, () -> renewOnce(world)).failure();

        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(reconciled.cause()).contains("rotated");
        assertThat(stored.lastFailure().cause()).contains("rotated");
        assertThat(grant.revocation()).as("the old refresh token was never replayed").isEmpty();
    }

    @Test
    void aLostAnswerWithoutRotationIsReconciledAndRenewedNormally() throws Exception {
        World world = world(false);
        authorise(world);
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
        catchThrowableOfType(TokenUnavailableException.class, () -> renewOnce(world));

        TokenSet renewed = renewOnce(world);

        assertThat(renewed.isValidAt(Instant.now())).isTrue();
        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(stored.outcomeUnknown()).isFalse();
    }

    @Test
    void anInstanceThatDiedBetweenSalesforcesAnswerAndItsWriteIsDetectedFromItsLease() throws Exception {
        World world = world(true);
        authorise(world);
        SimGrant grant = liveGrant(world);
        refreshAsAnInstanceThatDies(world);

        Failure failure = catchThrowableOfType(TokenUnavailableException.class, () -> renewOnce(world)).failure();

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
        World world = world(true);
        authorise(world);
        java.util.Random random = new java.util.Random(20261122);
        int reauthorisations = 0;
        int lostAnswers = 0;
        for (int cycle = 0; cycle < 1000; cycle++) {
            switch (random.nextInt(10)) {
                case 0 -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(503);
                case 1 -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().latency(java.time.Duration.ofMillis(20));
                case 2 -> {
                    env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();
                    lostAnswers++;
                }
                case 3 -> {
                    refreshAsAnInstanceThatDies(world);
                    lostAnswers++;
                }
                default -> { }
            }
            try {
                renewOnce(world);
            } catch (TokenUnavailableException expected) {
                // a fault: the invariants below say whether it was handled
            }
            env.salesforce().faults().clear();
            Connection stored = store().find(world.id()).orElseThrow();
            assertThat(grants(world)).as("cycle %d: no grant revoked for reuse", cycle)
                    .noneMatch(grant -> grant.revocation().filter(SimGrant.Revocation.REFRESH_TOKEN_REUSED::equals).isPresent());
            boolean brokerHoldsLiveToken = grants(world).stream().filter(grant -> !grant.isRevoked())
                    .anyMatch(grant -> grant.refreshToken().orElse("").equals(stored.grant().refreshToken().reveal()));
            if (!brokerHoldsLiveToken) {
                assertThat(stored.outcomeUnknown() || stored.lastRenewalUncertain() || stored.state() == ConnectionState.NEEDS_REAUTH)
                        .as("cycle %d: a lost grant is visible", cycle).isTrue();
            }
            if (stored.state() == ConnectionState.NEEDS_REAUTH) {
                assertThat(stored.lastFailure().cause()).as("cycle %d", cycle).contains("answer");
                authorise(world);
                reauthorisations++;
            }
        }
        assertThat(reauthorisations).isPositive().isLessThanOrEqualTo(lostAnswers);
        assertThat(store().find(world.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    /** The integration user opens the authorisation URL; Salesforce redirects to the callback. */
    private TokenSet authorise(World world) throws Exception {
        Onboarding.Started started = onboarding().begin(world.id(), CALLBACK, "arn:aws:iam::123456789012:role/ops");
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(started.authorizeUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        Map<String, String> query = query(URI.create(redirect.headers().firstValue("location").orElseThrow()));
        return onboarding().complete(query.get("state"), query.get("code"), CALLBACK);
    }

    /** Renews the connection now, as the schedule does. */
    private TokenSet renewOnce(World world) {
        return switch (env.context().getBean(Renewer.class).renew(store().find(world.id()).orElseThrow(), AuditEvent.SCHEDULE)) {
            case Renewer.Outcome.Renewed renewed -> renewed.token();
            case Renewer.Outcome.Failed failed -> throw new TokenUnavailableException(world.id(), failed.failure());
            case Renewer.Outcome.Busy busy -> throw new IllegalStateException("another renewal holds connection " + world.id());
        };
    }

    /**
     * What an instance that dies after Salesforce answered leaves behind: it took the lease, its refresh reached
     * Salesforce (rotating the token), and nothing was stored. Its lease runs out at once here.
     */
    private void refreshAsAnInstanceThatDies(World world) throws Exception {
        Connection read = store().find(world.id()).orElseThrow();
        Instant now = Instant.now();
        if (!read.mayStartRenewalAt(now) || store().acquireLease(read, new Lease("doomed", now.plusMillis(1)), now).isEmpty()) {
            return;
        }
        String form = "grant_type=refresh_token&client_id=" + enc(world.app().consumerKey()) + "&client_secret="
                + enc(world.app().consumerSecret()) + "&refresh_token=" + enc(read.grant().refreshToken().reveal());
        http.send(HttpRequest.newBuilder(URI.create(env.salesforce().tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        Thread.sleep(2);
    }

    private static SimGrant liveGrant(World world) {
        return grants(world).stream().filter(grant -> !grant.isRevoked()).findFirst().orElseThrow();
    }

    private static List<SimGrant> grants(World world) {
        return env.salesforce().grants(env.user(), world.app());
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
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
