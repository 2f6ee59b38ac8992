package dev.sfbroker.token;

import java.time.Instant;

/**
 * Where the login budget's counts live, shared by every broker instance: one counter per Salesforce user and window,
 * taken from with a conditional write, so two instances can never both take the last login.
 */
public interface LoginBudgetLedger {

    /**
     * What one attempt to take a login came to.
     *
     * @param taken       whether a login was taken
     * @param used        logins taken in the window, this one included (when taken) or as found (when refused)
     * @param pausedUntil when refused because Salesforce rate-limited the user: until when; else null
     */
    record Spend(boolean taken, int used, Instant pausedUntil) {
    }

    /**
     * Takes one login for {@code user} in the window starting at {@code window}, unless {@code limit} are taken already
     * or the user is paused at {@code now}.
     *
     * @param keepUntil when the window's counter may expire
     */
    Spend take(String user, Instant window, int limit, Instant now, Instant keepUntil);

    /** Nobody takes a login for {@code user} in the window starting at {@code window} before {@code until}. */
    void pause(String user, Instant window, Instant until, Instant keepUntil);
}
