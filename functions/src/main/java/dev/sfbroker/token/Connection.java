package dev.sfbroker.token;

import dev.sfbroker.access.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Salesforce identity the broker keeps a token for: which org (through its login host), which
 * connected app (through the secret holding its credentials), which user, and which flow; plus its
 * current state, last failure and token, and the renewal in progress. {@code version} is the
 * optimistic-lock counter of the stored item: every change is written only if the version is still the one
 * that was read.
 *
 * @param credentialsRef name of the secret holding the connected app's consumer key and signing key
 * @param sessionTimeout the effective session timeout, or null to use the configured default
 * @param allowedPrincipals IAM principals allowed to fetch this connection's token
 * @param lease the renewal lease, if a broker instance holds or held one
 * @param retryAfter after a transient failure, nobody renews before this time
 */
public record Connection(
        String id,
        LoginHost loginHost,
        String username,
        String credentialsRef,
        Flow flow,
        Duration sessionTimeout,
        Set<String> allowedPrincipals,
        ConnectionState state,
        Failure lastFailure,
        TokenSet token,
        Lease lease,
        Instant retryAfter,
        long version) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(loginHost, "loginHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credentialsRef, "credentialsRef");
        Objects.requireNonNull(flow, "flow");
        allowedPrincipals = Set.copyOf(allowedPrincipals);
        Objects.requireNonNull(state, "state");
    }

    /** A connection as first registered: active, with no token yet. */
    public static Connection register(String id, LoginHost loginHost, String username, String credentialsRef,
                                      Flow flow, Duration sessionTimeout, Set<String> allowedPrincipals) {
        return new Connection(id, loginHost, username, credentialsRef, flow, sessionTimeout, allowedPrincipals,
                ConnectionState.ACTIVE, null, null, null, null, 0);
    }

    public boolean allows(Caller caller) {
        return caller.isAnyOf(allowedPrincipals);
    }

    public Optional<TokenSet> currentToken() {
        return Optional.ofNullable(token);
    }

    /** True when no instance holds a live lease and no back-off is running: a renewal may start now. */
    public boolean mayStartRenewalAt(Instant now) {
        return (lease == null || !lease.isHeldAt(now)) && (retryAfter == null || !now.isBefore(retryAfter));
    }
}
