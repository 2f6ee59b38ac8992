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
 * @param sessionTimeout the connection's own session timeout, or null to use the configured default
 * @param sessionTimeoutSource where {@code sessionTimeout} came from; null when there is none
 * @param allowedPrincipals IAM principals allowed to fetch this connection's token
 * @param loginBudgetPerHour the connection's own login budget ({@link LoginBudget}), or null for the configured default
 * @param grant the refresh-token grant of a {@code refresh_token} connection, once authorised; else null
 * @param lease the renewal lease, if a broker instance holds or held one
 * @param retryAfter after a transient failure, nobody renews before this time
 * @param outcomeUnknown a refresh was sent and its answer lost: the next renewal reconciles before refreshing
 * @param pendingAuthorization a web-server authorisation in progress, if any
 * @param salesforceUser the user's Salesforce ids, recorded when a web-server authorisation completes; else null
 */
public record Connection(
        String id,
        LoginHost loginHost,
        String username,
        String credentialsRef,
        Flow flow,
        Duration sessionTimeout,
        SessionTimeoutSource sessionTimeoutSource,
        Set<String> allowedPrincipals,
        Integer loginBudgetPerHour,
        ConnectionState state,
        Failure lastFailure,
        TokenSet token,
        Grant grant,
        Lease lease,
        Instant retryAfter,
        boolean outcomeUnknown,
        PendingAuthorization pendingAuthorization,
        SalesforceUser salesforceUser,
        long version) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(loginHost, "loginHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credentialsRef, "credentialsRef");
        Objects.requireNonNull(flow, "flow");
        allowedPrincipals = Set.copyOf(allowedPrincipals);
        Objects.requireNonNull(state, "state");
        if ((sessionTimeout == null) != (sessionTimeoutSource == null)) {
            throw new IllegalArgumentException("a session timeout and its source go together");
        }
        // an expiry before the issue time would make every fetch a Salesforce login
        if (sessionTimeout != null && (!sessionTimeout.isPositive() || sessionTimeout.compareTo(SessionTimeouts.LONGEST) > 0)) {
            throw new IllegalArgumentException("session timeout " + sessionTimeout + " is outside what Salesforce allows");
        }
        if (loginBudgetPerHour != null && (loginBudgetPerHour < 1 || loginBudgetPerHour > LoginBudget.SALESFORCE_LIMIT_PER_HOUR)) {
            throw new IllegalArgumentException("login budget " + loginBudgetPerHour + " is outside 1 to " + LoginBudget.SALESFORCE_LIMIT_PER_HOUR);
        }
    }

    /** A connection as first registered: active, with no token yet. */
    public static Connection register(String id, LoginHost loginHost, String username, String credentialsRef,
                                      Flow flow, Duration sessionTimeout, Set<String> allowedPrincipals) {
        return new Connection(id, loginHost, username, credentialsRef, flow, sessionTimeout, sourceOf(sessionTimeout), allowedPrincipals,
                null, ConnectionState.ACTIVE, null, null, null, null, null, false, null, null, 0);
    }

    /**
     * The same connection with a new definition (where it logs in, as whom, through which app, for whom). Without a
     * configured session timeout, a learned one stays: it is what Salesforce enforces. The Salesforce user's ids stay
     * only while the login host and the username do.
     */
    public Connection withDefinition(LoginHost loginHost, String username, String credentialsRef, Duration configuredSessionTimeout,
                                     Set<String> allowedPrincipals, Integer loginBudgetPerHour) {
        boolean keepsLearned = configuredSessionTimeout == null && sessionTimeoutSource == SessionTimeoutSource.LEARNED;
        Duration timeout = keepsLearned ? sessionTimeout : configuredSessionTimeout;
        boolean sameUser = loginHost.url().equals(this.loginHost.url()) && username.equalsIgnoreCase(this.username);
        return new Connection(id, loginHost, username, credentialsRef, flow, timeout,
                keepsLearned ? SessionTimeoutSource.LEARNED : sourceOf(timeout), allowedPrincipals, loginBudgetPerHour, state, lastFailure, token,
                grant, lease, retryAfter, outcomeUnknown, pendingAuthorization, sameUser ? salesforceUser : null, version);
    }

    /** The same connection with the session timeout Salesforce was found to enforce. */
    public Connection withLearnedSessionTimeout(Duration learned) {
        return new Connection(id, loginHost, username, credentialsRef, flow, learned, SessionTimeoutSource.LEARNED, allowedPrincipals,
                loginBudgetPerHour, state, lastFailure, token, grant, lease, retryAfter, outcomeUnknown, pendingAuthorization, salesforceUser,
                version);
    }

    /** The same connection with its own login budget per hour (null: the configured default). */
    public Connection withLoginBudgetPerHour(Integer perHour) {
        return new Connection(id, loginHost, username, credentialsRef, flow, sessionTimeout, sessionTimeoutSource, allowedPrincipals,
                perHour, state, lastFailure, token, grant, lease, retryAfter, outcomeUnknown, pendingAuthorization, salesforceUser,
                version);
    }

    /** The session timeout an operator configured, or null (none, or a learned one). */
    public Duration configuredSessionTimeout() {
        return sessionTimeoutSource == SessionTimeoutSource.CONFIGURED ? sessionTimeout : null;
    }

    /**
     * The last failure, unless a token issued after it shows the connection recovered (the audit trail keeps the
     * history); a blocked connection's failure stays current until an operator acts.
     */
    public Failure currentFailure() {
        boolean recovered = lastFailure != null && token != null && token.issuedAt().isAfter(lastFailure.at());
        return recovered ? null : lastFailure;
    }

    private static SessionTimeoutSource sourceOf(Duration configured) {
        return configured == null ? null : SessionTimeoutSource.CONFIGURED;
    }

    public boolean allows(Caller caller) {
        return caller.isAnyOf(allowedPrincipals);
    }

    public Optional<TokenSet> currentToken() {
        return Optional.ofNullable(token);
    }

    /**
     * True when the last renewal may have reached Salesforce without its result being stored: it was marked so,
     * or its holder's lease ran out unreleased (the holder died between sending and storing).
     */
    public boolean lastRenewalUncertain() {
        return outcomeUnknown || lease != null;
    }

    /** True when no instance holds a live lease and no back-off is running: a renewal may start now. */
    public boolean mayStartRenewalAt(Instant now) {
        return (lease == null || !lease.isHeldAt(now)) && (retryAfter == null || !now.isBefore(retryAfter));
    }
}
