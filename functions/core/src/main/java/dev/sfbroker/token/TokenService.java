package dev.sfbroker.token;

import dev.sfbroker.access.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves a connection's access token: the stored one while it is not due for renewal, otherwise a renewed
 * one. Only the caller whose instance wins the renewal lease calls Salesforce; the others serve the current
 * token while it is valid, or wait briefly for the winner's.
 */
public final class TokenService {
    /** Waiting callers poll the item from this interval, doubling up to {@link #LAST_POLL}, with jitter. */
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LAST_POLL = Duration.ofMillis(500);
    static final Duration MIN_TOKEN_AGE = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED_FETCHES = 100_000;

    private final ConnectionStore store;
    private final Renewer renewer;
    private final Clock clock;
    private final Duration maxWait;
    private final AuditTrail audit;
    private final RenewalEvents events;
    /** (caller, token) pairs whose fetch this instance has recorded: one audit event per token per caller. */
    private final Set<String> fetchesRecorded = ConcurrentHashMap.newKeySet();
    private final ServedTokenCache recentlyRead;

    /**
     * @param maxWait        how long a caller waits for another instance's renewal before giving up with a retryable error
     * @param recentlyRead   the connections this container read to serve tokens, which may serve again for a while
     */
    public TokenService(ConnectionStore store, Renewer renewer, Clock clock, Duration maxWait, ServedTokenCache recentlyRead,
                        AuditTrail audit, RenewalEvents events) {
        this.recentlyRead = Objects.requireNonNull(recentlyRead);
        this.store = Objects.requireNonNull(store);
        this.renewer = Objects.requireNonNull(renewer);
        this.clock = Objects.requireNonNull(clock);
        this.maxWait = Objects.requireNonNull(maxWait);
        this.audit = Objects.requireNonNull(audit);
        this.events = Objects.requireNonNull(events);
    }

    /**
     * The token to serve, recorded in the audit trail the first time this caller gets it: a fetch of a given token
     * by a given caller stays answerable without an audit write per request.
     */
    public TokenSet tokenFor(String connectionId, Caller caller) {
        long start = System.nanoTime();
        try {
            return served(connectionId, caller, currentOrRenewed(connectionId, caller));
        } finally {
            events.tokenServed(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private TokenSet served(String connectionId, Caller caller, TokenSet token) {
        if (fetchesRecorded.add(caller.principal() + " " + token.fingerprint())) {
            if (fetchesRecorded.size() > MAX_REMEMBERED_FETCHES) {
                fetchesRecorded.clear();
            }
            audit.record(new AuditEvent(connectionId, clock.instant(), caller.principal(), AuditEvent.Action.FETCHED, AuditEvent.OK,
                    null, null, token.fingerprint(), null));
        }
        return token;
    }

    private TokenSet currentOrRenewed(String connectionId, Caller caller) {
        Optional<TokenSet> fromMemory = recentlyRead.recent(connectionId)
                .filter(recent -> recent.allows(caller) && recent.state().mayCallSalesforce() && recent.token() != null)
                .map(Connection::token)
                .filter(token -> !token.isDueAt(clock.instant()));
        if (fromMemory.isPresent()) {
            return fromMemory.get();
        }
        Connection connection = authorised(connectionId, caller);
        TokenSet current = connection.token();
        if (current != null && !current.isDueAt(clock.instant())) {
            return current;
        }
        return renewOrAwait(connection, caller, TokenSet::isValidAt, current);
    }

    /**
     * A caller's report that Salesforce rejected a token (HTTP 401 {@code INVALID_SESSION_ID}). If it is the
     * current token, the broker renews it, once however many callers report it; a report about a token
     * already replaced is answered with the current one. A token younger than {@link #MIN_TOKEN_AGE} is not
     * renewed on report: a client that reports every token it gets could otherwise drive the user's logins
     * towards Salesforce's 3,600 per hour; this caps forced renewals at 60 per hour per connection.
     */
    public TokenSet tokenRejected(String connectionId, Caller caller, String fingerprint) {
        // the report is answered from the store, and what this container kept from before it is gone
        recentlyRead.forget(connectionId);
        Connection connection = authorised(connectionId, caller);
        TokenSet current = connection.token();
        boolean tooYoung = current != null && clock.instant().isBefore(current.issuedAt().plus(MIN_TOKEN_AGE));
        if (current != null && (!current.fingerprint().equals(fingerprint) || tooYoung)) {
            return tokenFor(connectionId, caller);
        }
        TokenSet renewed = renewOrAwait(connection, caller, (token, now) -> token.isValidAt(now) && !token.fingerprint().equals(fingerprint), null);
        // what this container keeps is now the renewed connection: a fetch that read the old one meanwhile is not kept
        authorised(connectionId, caller);
        return served(connectionId, caller, renewed);
    }

    /** The connection as stored now, which this container may serve again from memory for a while. */
    private Connection authorised(String connectionId, Caller caller) {
        Instant readAt = clock.instant();
        Connection connection = store.find(connectionId).orElseThrow(() -> new ConnectionNotFoundException(connectionId));
        recentlyRead.remember(connection, readAt);
        return authorised(connection, caller);
    }

    private static Connection authorised(Connection connection, Caller caller) {
        String connectionId = connection.id();
        if (!connection.allows(caller)) {
            throw new AccessDeniedException(caller, connectionId);
        }
        return usable(connection);
    }

    private static Connection usable(Connection connection) {
        if (connection.state() == ConnectionState.DISABLED || connection.state() == ConnectionState.REVOKED) {
            throw new ConnectionInactiveException(connection.id(), connection.state());
        }
        if (!connection.state().mayCallSalesforce()) {
            throw new TokenUnavailableException(connection.id(), connection.lastFailure());
        }
        return connection;
    }

    /** Token acceptance: whether a token may be served at a given time. */
    private interface Acceptable {
        boolean test(TokenSet token, Instant now);
    }

    /**
     * Renews if this caller wins the lease; otherwise serves {@code fallback} while it is valid, or waits for
     * the renewal in progress until {@code maxWait} passes.
     */
    private TokenSet renewOrAwait(Connection connection, Caller caller, Acceptable acceptable, TokenSet fallback) {
        Instant deadline = clock.instant().plus(maxWait);
        Connection read = connection;
        while (true) {
            switch (renewer.renew(read, caller.principal())) {
                case Renewer.Outcome.Renewed renewed -> {
                    return renewed.token();
                }
                case Renewer.Outcome.Failed failed -> {
                    return validFallback(fallback).orElseThrow(() -> new TokenUnavailableException(connection.id(), failed.failure(),
                            retryIn(failed.retryAt())));
                }
                case Renewer.Outcome.Busy busy -> {
                    if (validFallback(fallback).isPresent()) {
                        return fallback;
                    }
                    if (inBackOff(read)) {
                        throw new TokenUnavailableException(read.id(), read.lastFailure(), retryIn(read.retryAfter()));
                    }
                }
            }
            read = awaitChange(read, deadline);
            TokenSet token = read.token();
            if (token != null && acceptable.test(token, clock.instant())) {
                return token;
            }
        }
    }

    private Duration retryIn(Instant retryAt) {
        return retryAt == null ? null : Duration.between(clock.instant(), retryAt);
    }

    private Optional<TokenSet> validFallback(TokenSet fallback) {
        return Optional.ofNullable(fallback).filter(token -> token.isValidAt(clock.instant()));
    }

    private boolean inBackOff(Connection connection) {
        Instant now = clock.instant();
        return connection.retryAfter() != null && now.isBefore(connection.retryAfter()) && connection.lastFailure() != null;
    }

    /**
     * Polls until the connection changes (a renewal finished or its lease ended), or the deadline passes. The
     * interval grows, so a crowd of waiters does not hammer the item the renewal is about to write.
     */
    private Connection awaitChange(Connection read, Instant deadline) {
        Duration interval = FIRST_POLL;
        while (clock.instant().isBefore(deadline)) {
            sleep(interval);
            interval = interval.multipliedBy(2).compareTo(LAST_POLL) > 0 ? LAST_POLL : interval.multipliedBy(2);
            Connection now = usable(store.find(read.id()).orElseThrow(() -> new ConnectionNotFoundException(read.id())));
            if (now.version() != read.version() || now.mayStartRenewalAt(clock.instant())) {
                return now;
            }
        }
        throw new TokenUnavailableException(read.id(), renewalInProgress());
    }

    private Failure renewalInProgress() {
        return new Failure(FailureClass.TRANSIENT, null, null,
                "Another broker instance is renewing the token and did not finish within " + maxWait.toSeconds() + " s.",
                "Retry shortly; the renewal in progress will have finished or its lease expired.", clock.instant());
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis() / 2 + ThreadLocalRandom.current().nextLong(interval.toMillis() + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token renewal", e);
        }
    }
}
