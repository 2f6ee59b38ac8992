package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbFaultProxy;
import dev.sfbroker.testing.DynamoDbFaultProxy.Fault;
import dev.sfbroker.testing.DynamoDbFaultProxy.Operation;
import dev.sfbroker.testing.DynamoDbLocal;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Randomized, seeded torture of the renewal rules under every fault at once: the token, introspect and revoke
 * endpoints (5xx, a gateway's page after the refresh was applied, a 429 without an OAuth body, a truncated 200, lost
 * answers, latency) and DynamoDB behind the fault proxy (throttling, 500s, connections dropped before and after a
 * write was applied, latency), with rotation on, three broker instances on one table, and concurrent fetches,
 * rejected-token reports and scheduled runs. Judged from Salesforce's side (the simulator's grant records), not
 * the broker's: after every trial, no grant was ever revoked for refresh-token reuse, and once one clean scheduled
 * run has passed, every connection whose grant is lost says so ({@code NEEDS_REAUTH} naming the lost answer).
 *
 * <p>{@code -Dtorture.trials=10000 -Dtorture.seed=N}; the seed is in every failure message.
 */
class FaultTortureTest {
    private static final long SEED = Long.getLong("torture.seed", 20261129L);
    private static final int TRIALS = Integer.getInteger("torture.trials", 1000);
    private static final int CONNECTIONS = 3;
    private static final Duration EVERYTHING_DUE = Duration.ofHours(3);
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development").configure(FaultTortureTest::quickRenewals);
    private static DynamoDbFaultProxy dynamo;
    private static final List<ApplicationContext> instances = new ArrayList<>();
    private static final List<RefreshTokenWorld> worlds = new ArrayList<>();

    /** Short timeouts (the lease rule follows them down) and next to no pause after a failure, so that trials are quick. */
    private static void quickRenewals(Map<String, Object> properties) {
        properties.put("broker.salesforce.connect-timeout", "200ms");
        properties.put("broker.salesforce.request-timeout", "300ms");
        properties.put("broker.store.call-timeout", "1s");
        properties.put("broker.renewal.lease", "4s");
        properties.put("broker.renewal.retry-after-failure", "1ms");
        properties.put("broker.renewal.max-wait", "1s");
        properties.put("broker.schedule.org-backoff.first-pause", "1ms");
        properties.put("broker.schedule.org-backoff.max-pause", "10ms");
        // a thousand trials renew one user's connections thousands of times within minutes: the most Salesforce allows
        properties.put("broker.login-budget.per-hour", LoginBudget.SALESFORCE_LIMIT_PER_HOUR);
    }

    @BeforeAll
    static void startInstancesAndOnboard() throws Exception {
        dynamo = DynamoDbFaultProxy.start(DynamoDbLocal.endpoint());
        instances.add(env.context());
        for (int i = 0; i < 2; i++) {
            instances.add(env.anotherInstance(Map.of("aws.services.dynamodb.endpoint-override", dynamo.endpoint())));
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            RefreshTokenWorld world = RefreshTokenWorld.register(env, true);
            world.authorise();
            worlds.add(world);
        }
    }

    @AfterAll
    static void stopProxy() {
        dynamo.close();
    }

    @Test
    void underEveryFaultNoGrantIsReplayedAndNoLostGrantIsSilent() throws Exception {
        Random random = new Random(SEED);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        int reauthorisations = 0;
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                String at = "seed " + SEED + ", trial " + trial;
                armFaults(random, at);
                List<Future<?>> calls = List.of(
                        callers.submit(fetch(instance(random), world(random))),
                        callers.submit(reportRejected(instance(random), world(random))),
                        callers.submit(scheduledRun(instance(random))));
                for (Future<?> call : calls) {
                    call.get();
                }
                env.salesforce().faults().clear();
                dynamo.clear();
                scheduledRun(instances.get(0)).run();
                reauthorisations += judge(at);
            }
        } finally {
            callers.shutdownNow();
        }
        System.out.printf("fault torture: seed %d, %d trials, %d connections re-authorised after a lost answer%n", SEED, TRIALS,
                reauthorisations);
    }

    /** One or two faults for the trial, each on the next matching request. */
    private static void armFaults(Random random, String at) {
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            FAULTS.get(random.nextInt(FAULTS.size())).accept(null);
        }
    }

    private static final List<Consumer<Void>> FAULTS = List.of(
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(503),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(502, "text/html", "<html><body>Bad Gateway</body></html>"),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().gatewayTimeoutAfterApply(),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().answerAfterApply(503, "text/html", "<html>Service Unavailable</html>"),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().answerAfterApply(200, "application/json", "{\"access_tok"),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(429, "text/plain", "Too Many Requests"),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply(),
            none -> env.salesforce().faults().on(SimEndpoint.TOKEN).once().latency(Duration.ofMillis(30)),
            none -> env.salesforce().faults().on(SimEndpoint.INTROSPECT).once().failWith(503),
            none -> env.salesforce().faults().on(SimEndpoint.INTROSPECT).once().loseResponseAfterApply(),
            none -> env.salesforce().faults().on(SimEndpoint.REVOKE).once().failWith(500),
            none -> dynamo.fail(Operation.UPDATE_ITEM, Fault.DROP_AFTER_APPLY).times(1),
            none -> dynamo.fail(Operation.UPDATE_ITEM, Fault.DROP_BEFORE_APPLY).times(1),
            none -> dynamo.fail(Operation.UPDATE_ITEM, Fault.THROTTLING).times(2),
            none -> dynamo.fail(Operation.GET_ITEM, Fault.PROVISIONED_THROUGHPUT_EXCEEDED).times(2),
            none -> dynamo.fail(Operation.GET_ITEM, Fault.INTERNAL_SERVER_ERROR).times(1),
            none -> dynamo.fail(Operation.PUT_ITEM, Fault.DROP_AFTER_APPLY).times(1),
            none -> dynamo.delay(Operation.UPDATE_ITEM, Duration.ofMillis(30)).times(1));

    /**
     * The invariants, from Salesforce's records: no grant revoked for reuse; a connection whose refresh token is not
     * Salesforce's live one needs re-authorisation and names the lost answer. Such a connection is re-onboarded.
     */
    private static int judge(String at) throws Exception {
        int reauthorised = 0;
        for (RefreshTokenWorld world : worlds) {
            assertThat(world.grants()).as("%s, %s: no grant revoked for refresh-token reuse", at, world.id())
                    .noneMatch(grant -> grant.revocation().filter(SimGrant.Revocation.REFRESH_TOKEN_REUSED::equals).isPresent());
            Connection stored = env.context().getBean(ConnectionStore.class).find(world.id()).orElseThrow();
            boolean holdsLiveToken = world.grants().stream().filter(grant -> !grant.isRevoked())
                    .anyMatch(grant -> grant.refreshToken().orElse("").equals(stored.grant().refreshToken().reveal()));
            if (!holdsLiveToken) {
                assertThat(stored.state()).as("%s, %s: a lost grant is visible after one clean scheduled run", at, world.id())
                        .isEqualTo(ConnectionState.NEEDS_REAUTH);
            }
            if (stored.state() == ConnectionState.NEEDS_REAUTH) {
                assertThat(stored.lastFailure().cause()).as("%s, %s: blocked only for a lost answer", at, world.id()).contains("answer");
                world.authorise();
                reauthorised++;
            }
        }
        return reauthorised;
    }

    private static ApplicationContext instance(Random random) {
        return instances.get(random.nextInt(instances.size()));
    }

    private static RefreshTokenWorld world(Random random) {
        return worlds.get(random.nextInt(worlds.size()));
    }

    private static Runnable fetch(ApplicationContext instance, RefreshTokenWorld world) {
        return () -> expectedFailuresOnly(() -> instance.getBean(TokenService.class).tokenFor(world.id(), CALLER));
    }

    private static Runnable reportRejected(ApplicationContext instance, RefreshTokenWorld world) {
        return () -> expectedFailuresOnly(() -> {
            TokenSet current = instance.getBean(TokenService.class).tokenFor(world.id(), CALLER);
            instance.getBean(TokenService.class).tokenRejected(world.id(), CALLER, current.fingerprint());
        });
    }

    private static Runnable scheduledRun(ApplicationContext instance) {
        return () -> expectedFailuresOnly(() -> instance.getBean(ScheduledRenewal.class).renewDue(EVERYTHING_DUE));
    }

    /** A fault may make a call fail, but only as the API documents: a classified failure, or storage unavailable. */
    private static void expectedFailuresOnly(Runnable call) {
        try {
            call.run();
        } catch (TokenUnavailableException | SdkException expected) {
            // the invariants judge whether the fault was handled
        }
    }
}
