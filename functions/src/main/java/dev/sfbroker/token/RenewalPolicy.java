package dev.sfbroker.token;

import java.time.Duration;
import java.time.Instant;

/**
 * Predicts when a token expires and when to renew it. Salesforce sends no {@code expires_in}: an
 * access token lives for the effective session timeout (the tighter of the connected app's and the
 * org's), so the broker predicts expiry from that timeout and renews ahead of it
 * (salesforce-oauth.md §2.2, §8).
 *
 * @param defaultSessionTimeout used for connections that do not state their own (Salesforce's default is 2 hours)
 * @param renewBefore how long before the predicted expiry renewal starts; capped at half the session so a
 *                    short session is not renewed on every fetch
 */
public record RenewalPolicy(Duration defaultSessionTimeout, Duration renewBefore) {

    public TokenSet predict(Connection connection, IssuedToken issued) {
        Instant expiresAt = issued.issuedAt().plus(sessionTimeoutOf(connection));
        return new TokenSet(issued.accessToken(), issued.instanceUrl(), issued.tokenType(), issued.issuedAt(), expiresAt);
    }

    public boolean isDue(Connection connection, TokenSet token, Instant now) {
        Duration margin = min(renewBefore, sessionTimeoutOf(connection).dividedBy(2));
        return !now.isBefore(token.expiresAt().minus(margin));
    }

    private Duration sessionTimeoutOf(Connection connection) {
        return connection.sessionTimeout() != null ? connection.sessionTimeout() : defaultSessionTimeout;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
