package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.observability.CloudWatchMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The login budget's rule against an in-memory ledger: windows, limits per connection, and the pause after a rate limit. */
class LoginBudgetRuleTest {
    private static final Instant HOUR = Instant.parse("2026-11-29T10:00:00Z");

    /** One counter per user and window, as the DynamoDB ledger keeps them. */
    private static final class InMemoryLedger implements LoginBudgetLedger {
        private final Map<String, Integer> used = new HashMap<>();
        private final Map<String, Instant> paused = new HashMap<>();

        @Override
        public Spend take(String user, Instant window, int limit, Instant now, Instant keepUntil) {
            String key = user + "/" + window;
            Instant pausedUntil = paused.get(key);
            if (pausedUntil != null && pausedUntil.isAfter(now)) {
                return new Spend(false, used.getOrDefault(key, 0), pausedUntil);
            }
            int count = used.getOrDefault(key, 0);
            if (count >= limit) {
                return new Spend(false, count, null);
            }
            used.put(key, count + 1);
            return new Spend(true, count + 1, null);
        }

        @Override
        public void pause(String user, Instant window, Instant until, Instant keepUntil) {
            paused.merge(user + "/" + window, until, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    private final InMemoryLedger ledger = new InMemoryLedger();

    @Test
    void aWindowAllowsTheBudgetThenRefusesUntilTheNextHour() {
        LoginBudget budget = budgetAt(HOUR.plusSeconds(60), 2);

        assertThat(budget.spend(connection("a", null))).isEmpty();
        assertThat(budget.spend(connection("b", null))).as("the user's other connection shares the count").isEmpty();
        Optional<LoginBudget.Refusal> refused = budget.spend(connection("a", null));

        assertThat(refused).hasValueSatisfying(refusal -> {
            assertThat(refusal.freesAt()).isEqualTo(HOUR.plus(LoginBudget.WINDOW));
            assertThat(refusal.failure().failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED);
        });
        assertThat(budgetAt(HOUR.plus(LoginBudget.WINDOW), 2).spend(connection("a", null))).isEmpty();
    }

    @Test
    void aConnectionsOwnBudgetCountsAgainstTheSameUsersLogins() {
        LoginBudget budget = budgetAt(HOUR, 10);
        budget.spend(connection("a", null));

        assertThat(budget.spend(connection("frugal", 1))).as("one login of the user is made already").isPresent();
        assertThat(budget.spend(connection("a", null))).isEmpty();
    }

    @Test
    void afterSalesforcesRateLimitTheUserWaitsAWholeWindowAcrossTheHour() {
        Instant rateLimitedAt = HOUR.plus(Duration.ofMinutes(50));
        Instant until = budgetAt(rateLimitedAt, 10).rateLimited(connection("a", null));

        assertThat(until).isEqualTo(rateLimitedAt.plus(LoginBudget.WINDOW));
        assertThat(budgetAt(HOUR.plus(Duration.ofMinutes(70)), 10).spend(connection("b", null)))
                .as("in the next hour's window, still paused").hasValueSatisfying(refusal -> {
                    assertThat(refusal.freesAt()).isEqualTo(until);
                    assertThat(refusal.failure().failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
                });
        assertThat(budgetAt(until, 10).spend(connection("b", null))).isEmpty();
    }

    private LoginBudget budgetAt(Instant now, int perHour) {
        return new LoginBudget(ledger, perHour, Clock.fixed(now, ZoneOffset.UTC), new CloudWatchMetrics("test", false));
    }

    private static Connection connection(String id, Integer budget) {
        return Connection.register(id, LoginHost.of("login", null), "Integration@Acme.example", "ref", Flow.JWT_BEARER, null, Set.of())
                .withLoginBudgetPerHour(budget);
    }
}
