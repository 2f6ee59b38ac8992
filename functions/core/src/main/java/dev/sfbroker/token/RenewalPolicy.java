package dev.sfbroker.token;

import java.time.Duration;
import java.time.Instant;

/**
 * Predicts when a token expires and when to renew it, and bounds how long renewal may take. Salesforce sends
 * no {@code expires_in}: an access token lives for the effective session timeout (the tighter of the
 * connected app's and the org's), so the broker predicts expiry from that timeout and renews ahead of it.
 *
 * @param defaultSessionTimeout used for connections that do not state their own (Salesforce's default is 2 hours)
 * @param renewBefore how long before the predicted expiry renewal becomes due; capped at half the session so a
 *                    short session is not renewed on every fetch
 * @param lease how long a renewal may hold a connection; longer than the longest token call, so an expired
 *              lease means its holder is gone
 * @param retryAfterFailure how long nobody renews a connection after a transient failure, so that callers
 *                          waiting for a token do not each try Salesforce in turn
 */
public record RenewalPolicy(Duration defaultSessionTimeout, Duration renewBefore, Duration lease, Duration retryAfterFailure) {

    public TokenSet predict(Connection connection, IssuedToken issued) {
        Duration session = sessionTimeoutOf(connection);
        Instant expiresAt = issued.issuedAt().plus(session);
        Instant renewAt = expiresAt.minus(min(renewBefore, session.dividedBy(2)));
        return new TokenSet(issued.accessToken(), issued.instanceUrl(), issued.tokenType(), issued.issuedAt(), expiresAt, renewAt);
    }

    /** The session timeout the connection's tokens are predicted to live for: its own, or the default. */
    public Duration sessionTimeoutOf(Connection connection) {
        return connection.sessionTimeout() != null ? connection.sessionTimeout() : defaultSessionTimeout;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
