package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.access.Caller;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.MetricCapture;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One token call per expiry across broker instances: separate application contexts, as separate
 * Lambda containers would be, on one connections table and one Salesforce.
 */
class SingleFlightRenewalTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final int INSTANCES = 4;
    private static final int CALLERS = 100;

    @RegisterExtension
    // the property is one token call, not latency: waiters may wait as long as a loaded test machine needs
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development")
            .configure(properties -> properties.put("broker.renewal.max-wait", "60s"));
    private static final List<ApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void startInstances() {
        instances.add(env.context());
        for (int i = 1; i < INSTANCES; i++) {
            instances.add(env.anotherInstance());
        }
    }

    @Test
    void hundredConcurrentFetchesOfANewConnectionOverFourInstancesMakeOneTokenCall() throws Exception {
        env.register("first-fetch");
        long before = env.salesforce().counters().jwtBearerCalls();

        List<TokenSet> served = concurrently(i -> tokens(i).tokenFor("first-fetch", CALLER));

        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(served.stream().map(TokenSet::fingerprint).collect(Collectors.toSet())).hasSize(1);
    }

    @Test
    void hundredConcurrentFetchesAtExpiryMakeOneTokenCall() throws Exception {
        expiredToken("at-expiry");
        long before = env.salesforce().counters().jwtBearerCalls();

        List<TokenSet> served = concurrently(i -> tokens(i).tokenFor("at-expiry", CALLER));

        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(served).allSatisfy(token -> assertThat(token.isValidAt(Instant.now())).isTrue());
        assertThat(served.stream().map(TokenSet::fingerprint).collect(Collectors.toSet())).hasSize(1);
    }

    @Test
    void fetchesWhileRenewalIsDueButTheTokenStillValidServeItAndRenewOnce() throws Exception {
        TokenSet old = dueButValidToken("due-valid");
        long before = env.salesforce().counters().jwtBearerCalls();

        List<TokenSet> served = concurrently(i -> tokens(i).tokenFor("due-valid", CALLER));

        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(served).allSatisfy(token -> assertThat(token.isValidAt(Instant.now())).isTrue());
        assertThat(store().find("due-valid").orElseThrow().token().fingerprint()).isNotEqualTo(old.fingerprint());
    }

    @Test
    void manyReportsOfTheSameRejectedTokenRenewOnceAndReportsOfAReplacedTokenRenewNothing() throws Exception {
        TokenSet rejected = validTokenIssuedMinutesAgo("rejected");
        long before = env.salesforce().counters().jwtBearerCalls();

        List<TokenSet> served = concurrently(i -> tokens(i).tokenRejected("rejected", CALLER, rejected.fingerprint()));
        TokenSet late = tokens(1).tokenRejected("rejected", CALLER, rejected.fingerprint());

        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        Set<String> fingerprints = served.stream().map(TokenSet::fingerprint).collect(Collectors.toSet());
        assertThat(fingerprints).hasSize(1).doesNotContain(rejected.fingerprint());
        assertThat(late.fingerprint()).isIn(fingerprints);
    }

    @Test
    void aReportAboutAFreshTokenDoesNotRenewIt() {
        env.register("fresh");
        TokenSet fresh = tokens(0).tokenFor("fresh", CALLER);
        long before = env.salesforce().counters().jwtBearerCalls();

        TokenSet answered = tokens(1).tokenRejected("fresh", CALLER, fresh.fingerprint());

        assertThat(answered.fingerprint()).isEqualTo(fresh.fingerprint());
        assertThat(env.salesforce().counters().jwtBearerCalls()).isEqualTo(before);
    }

    @Test
    void invalidGrantStopsAllCallsForTheConnectionAfterOne() throws Exception {
        env.org().addUser("revoked@acme.example", "Standard User");
        env.register("revoked", LoginHost.of(env.salesforce().baseUrl(), null), "revoked@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);
        long before = env.salesforce().counters().jwtBearerCalls();

        List<Throwable> failures;
        try (MetricCapture metrics = new MetricCapture()) {
            failures = concurrentlyFailing(i -> tokens(i).tokenFor("revoked", CALLER));
            assertThat(metrics.lines("ConnectionsBlocked")).hasSize(1);
        }
        assertThatThrownBy(() -> tokens(2).tokenFor("revoked", CALLER)).isInstanceOf(TokenUnavailableException.class);

        assertThat(failures).hasSize(CALLERS).allSatisfy(e -> assertThat(e).isInstanceOf(TokenUnavailableException.class));
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(store().find("revoked").orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
    }

    /** A connection whose stored token's predicted expiry has passed. */
    private static void expiredToken(String id) {
        Instant past = Instant.now().minusSeconds(60);
        storeToken(env.register(id), past.minusSeconds(7200), past, past.minusSeconds(600));
    }

    /** A connection whose stored token was issued minutes ago and is neither due nor expired. */
    private static TokenSet validTokenIssuedMinutesAgo(String id) {
        Instant now = Instant.now();
        return storeToken(env.register(id), now.minusSeconds(300), now.plusSeconds(6900), now.plusSeconds(6300));
    }

    /** A connection whose stored token is due for renewal but still valid for a few minutes. */
    private static TokenSet dueButValidToken(String id) {
        Instant now = Instant.now();
        return storeToken(env.register(id), now.minusSeconds(6900), now.plusSeconds(300), now.minusSeconds(300));
    }

    private static TokenSet storeToken(Connection registered, Instant issued, Instant expires, Instant renewAt) {
        TokenSet token = new TokenSet(Secret.of(env.org().id15() + "!" + "x".repeat(40) + registered.id()),
                env.org().instanceUrl(), "Bearer", issued, expires, renewAt);
        Instant now = Instant.now();
        Connection leased = store().acquireLease(registered, new Lease("test", now.plusSeconds(60)), now).orElseThrow();
        assertThat(store().completeRenewal(leased, token, null)).isTrue();
        return token;
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }

    private static TokenService tokens(int caller) {
        return instances.get(caller % INSTANCES).getBean(TokenService.class);
    }

    private interface Fetch {
        TokenSet fetch(int caller) throws Exception;
    }

    /** Runs {@value #CALLERS} fetches at once, released together, spread over the instances. */
    private static List<TokenSet> concurrently(Fetch fetch) throws Exception {
        List<TokenSet> served = new ArrayList<>();
        for (Future<TokenSet> result : start(fetch)) {
            served.add(result.get());
        }
        return served;
    }

    private static List<Throwable> concurrentlyFailing(Fetch fetch) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        for (Future<TokenSet> result : start(fetch)) {
            try {
                result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        return failures;
    }

    private static List<Future<TokenSet>> start(Fetch fetch) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenSet>> results = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int caller = i;
            Callable<TokenSet> task = () -> {
                go.await();
                return fetch.fetch(caller);
            };
            results.add(pool.submit(task));
        }
        go.countDown();
        pool.shutdown();
        return results;
    }
}
