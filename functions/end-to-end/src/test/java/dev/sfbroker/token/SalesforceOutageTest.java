package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 30-minute Salesforce outage (every token call answers 503) on the simulated clock, which the broker shares:
 * tokens are served while they are valid, a storm of callers costs Salesforce at most one call per connection per
 * back-off window, no connection is blocked for it, and every connection recovers by itself once Salesforce is back.
 */
class SalesforceOutageTest {
    private static final Duration OUTAGE = Duration.ofMinutes(30);
    private static final Duration TICK = Duration.ofMinutes(1);
    private static final Duration SCHEDULE_EVERY = Duration.ofMinutes(5);
    private static final Duration HORIZON = Duration.ofMinutes(10);
    private static final int CALLERS_PER_CONNECTION = 10;
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development").onSimulatedClock();

    @Test
    void tokensAreServedWhileValidCallsStayWithinTheBackOffAndEveryConnectionRecoversByItself() throws Exception {
        List<String> ids = IntStream.range(0, 4).mapToObj(SalesforceOutageTest::register).toList();
        Map<String, TokenSet> minted = new HashMap<>();
        ids.forEach(id -> minted.put(id, tokens().tokenFor(id, CALLER)));
        // the tokens fall due 10 minutes into the outage and expire 20 minutes into it
        env.salesforce().clock().advance(Duration.ofMinutes(100));
        long callsBefore = tokenCalls();

        env.salesforce().faults().on(SimEndpoint.TOKEN).untilCleared().failWith(503);
        int ticks = (int) (OUTAGE.toMinutes() / TICK.toMinutes());
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS_PER_CONNECTION);
        try {
            for (int tick = 1; tick <= ticks; tick++) {
                env.salesforce().clock().advance(TICK);
                Instant now = env.salesforce().clock().instant();
                for (String id : ids) {
                    for (Object answer : storm(callers, id)) {
                        if (minted.get(id).isValidAt(now)) {
                            assertThat(answer).as("minute %d, %s: the valid token is served", tick, id).isEqualTo(minted.get(id));
                        } else {
                            assertThat(answer).as("minute %d, %s: an expired token is never served", tick, id)
                                    .isInstanceOfSatisfying(TokenUnavailableException.class,
                                            e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.TRANSIENT));
                        }
                    }
                }
                if (tick % SCHEDULE_EVERY.toMinutes() == 0) {
                    schedule().renewDue(HORIZON);
                }
                ids.forEach(id -> assertThat(store().find(id).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE));
            }
        } finally {
            callers.shutdownNow();
        }
        // the faulted calls never reach a user, so they are counted for the endpoint: per connection, one call at most
        // per back-off window (30 s) in which anyone asked, though ten callers asked every minute
        long perConnection = Math.min(OUTAGE.dividedBy(Duration.ofSeconds(30)), ticks + ticks / SCHEDULE_EVERY.toMinutes());
        System.out.printf("Salesforce outage: %d token calls for %d connections and %d fetches in %d minutes%n", tokenCalls() - callsBefore,
                ids.size(), ids.size() * CALLERS_PER_CONNECTION * ticks, ticks);
        assertThat(tokenCalls() - callsBefore)
                .as("%d callers a minute per connection for %d minutes", CALLERS_PER_CONNECTION, ticks)
                .isPositive().isLessThanOrEqualTo(perConnection * ids.size());

        env.salesforce().faults().clear();
        env.salesforce().clock().advance(SCHEDULE_EVERY);
        ScheduledRenewal.Report recovery = schedule().renewDue(HORIZON);

        assertThat(recovery.renewed()).as("the first scheduled run after the outage renews every connection").isEqualTo(ids.size());
        Instant now = env.salesforce().clock().instant();
        ids.forEach(id -> assertThat(tokens().tokenFor(id, CALLER).isValidAt(now)).isTrue());
    }

    /** Many callers fetch the connection's token at once; each answer is the token or the exception thrown. */
    private static List<Object> storm(ExecutorService callers, String id) throws Exception {
        List<Future<Object>> answers = IntStream.range(0, CALLERS_PER_CONNECTION).mapToObj(i -> callers.submit(() -> {
            try {
                return (Object) tokens().tokenFor(id, CALLER);
            } catch (TokenUnavailableException e) {
                return e;
            }
        })).toList();
        List<Object> result = new java.util.ArrayList<>();
        for (Future<Object> answer : answers) {
            result.add(answer.get());
        }
        return result;
    }

    private static String register(int i) {
        return env.register("outage-" + i).id();
    }

    private static long tokenCalls() {
        return env.salesforce().counters().calls(SimEndpoint.TOKEN);
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }

    private static ScheduledRenewal schedule() {
        return env.context().getBean(ScheduledRenewal.class);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }
}
