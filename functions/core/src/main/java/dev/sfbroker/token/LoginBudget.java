package dev.sfbroker.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Salesforce allows about 3,600 logins per user per rolling hour and refuses every login of that user beyond, whoever
 * makes it, for the rest of the hour: one noisy connection can lock out every integration and person that logs in as
 * the user. So every token call the broker makes for a user takes one login from a budget shared by all broker
 * instances (a counter per user and hour, {@link LoginBudgetLedger}); a call that would exceed it is not made.
 *
 * <p>The budget is a fraction of Salesforce's limit (by default 1,200, a third), because the same user also serves
 * people and other tools the broker cannot see. A connection may set its own; two connections of one user with
 * different budgets each stop at their own figure, over the same count.
 *
 * <p>After Salesforce answers with its rate limit anyway (someone else spent the user's logins), nobody logs in as
 * the user, on any connection or instance, for a whole window: Salesforce counts a rolling hour.
 *
 * <p>A user is named by its username alone: Salesforce usernames are unique across all orgs, so the org follows.
 */
public final class LoginBudget {
    /** Salesforce's limit: logins per user per hour. */
    public static final int SALESFORCE_LIMIT_PER_HOUR = 3_600;
    /** The budget's window, and how long a rate-limited user is left alone. */
    public static final Duration WINDOW = Duration.ofHours(1);

    /** A login the budget did not allow: what to tell the caller, and when to try again. */
    public record Refusal(Failure failure, Instant freesAt) {
    }

    private final LoginBudgetLedger ledger;
    private final int defaultPerHour;
    private final Clock clock;
    private final RenewalEvents events;

    public LoginBudget(LoginBudgetLedger ledger, int defaultPerHour, Clock clock, RenewalEvents events) {
        if (defaultPerHour < 1 || defaultPerHour > SALESFORCE_LIMIT_PER_HOUR) {
            throw new IllegalArgumentException("a login budget is 1 to " + SALESFORCE_LIMIT_PER_HOUR + " per hour, not " + defaultPerHour);
        }
        this.ledger = ledger;
        this.defaultPerHour = defaultPerHour;
        this.clock = clock;
        this.events = events;
    }

    /** The connection's budget per hour: its own, or the default. */
    public int limitOf(Connection connection) {
        return connection.loginBudgetPerHour() != null ? connection.loginBudgetPerHour() : defaultPerHour;
    }

    /**
     * Takes one login for the connection's user before a token call. Empty when the call may go ahead; otherwise the
     * refusal, and the call must not be made. A ledger that cannot be written throws: no call is made then either.
     */
    public Optional<Refusal> spend(Connection connection) {
        Instant now = clock.instant();
        Instant window = windowOf(now);
        int limit = limitOf(connection);
        LoginBudgetLedger.Spend spend = ledger.take(userOf(connection), window, limit, now, keepUntil(window));
        if (spend.taken()) {
            events.loginBudgetSpent(connection, spend.used(), limit);
            return Optional.empty();
        }
        events.loginBudgetExhausted(connection);
        if (spend.pausedUntil() != null) {
            return Optional.of(new Refusal(paused(connection, spend.pausedUntil(), now), spend.pausedUntil()));
        }
        Instant freesAt = window.plus(WINDOW);
        return Optional.of(new Refusal(new Failure(FailureClass.BUDGET_EXHAUSTED, null, null,
                "The broker has made " + spend.used() + " logins as " + connection.username() + " in the hour since " + window
                        + ", the login budget (" + limit + " per hour) it keeps under Salesforce's 3,600"
                        + " per user per hour. No call was made; the budget frees up at " + freesAt + ".",
                "Tokens are served again from " + freesAt + ". If it recurs, find what makes the broker log in so often as this"
                        + " user (rejected-token reports, many connections of one user, a short session timeout), or raise the"
                        + " connection's login_budget_per_hour (or broker.login-budget.per-hour), keeping room for everything else"
                        + " that logs in as the user.", now), freesAt));
    }

    /**
     * Salesforce answered its rate limit for the connection's user: nobody logs in as the user for a whole window.
     *
     * @return when logins may resume
     */
    public Instant rateLimited(Connection connection) {
        Instant now = clock.instant();
        Instant until = now.plus(WINDOW);
        String user = userOf(connection);
        // the pause runs into the next window, whose counter must carry it too
        for (Instant window = windowOf(now); window.isBefore(until); window = window.plus(WINDOW)) {
            ledger.pause(user, window, until, keepUntil(window));
        }
        return until;
    }

    private Failure paused(Connection connection, Instant until, Instant now) {
        return new Failure(FailureClass.RATE_LIMITED, null, null,
                "Salesforce answered its login rate limit for " + connection.username() + " (on this or another connection of the"
                        + " user), so the broker makes no login as this user on any connection until " + until + ". No call was made.",
                "Find what else logs in as this user (Setup > Login History) and make it fetch tokens from the broker; logins"
                        + " resume at " + until + ".", now);
    }

    private static Instant windowOf(Instant now) {
        long length = WINDOW.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /** A counter outlives its window by a window, so a pause written into it from the window before still holds. */
    private static Instant keepUntil(Instant window) {
        return window.plus(WINDOW.multipliedBy(2));
    }

    private static String userOf(Connection connection) {
        return connection.username().toLowerCase(Locale.ROOT);
    }
}
