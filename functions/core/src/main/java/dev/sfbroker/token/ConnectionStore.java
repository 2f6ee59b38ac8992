package dev.sfbroker.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where connections and their tokens are kept. Every change is conditional on the version the caller
 * read, so two broker instances can never overwrite each other unseen.
 */
public interface ConnectionStore {

    /** The connection as stored now (a strongly consistent read). */
    Optional<Connection> find(String id);

    /**
     * The connections as stored now (strongly consistent reads), in as few requests as the store allows: the schedule
     * reads the connections an index named due this way. Ids that no longer exist are left out.
     */
    List<Connection> findEach(List<String> ids);

    /** Stores a new connection; false if one with the same id exists. */
    boolean create(Connection connection);

    /**
     * Takes the renewal lease: only if the connection is unchanged since {@code read} and a renewal may start
     * ({@link Connection#mayStartRenewalAt}). Returns the connection as leased; its version fences the renewal. A retry
     * that finds {@code lease} already taken by its own unanswered first attempt returns the connection as leased too.
     */
    Optional<Connection> acquireLease(Connection read, Lease lease, Instant now);

    /**
     * Stores the renewed token (and the grant, whose refresh token may have rotated) and releases the lease, in one
     * write of its own that lands only if the lease
     * is still this one (fencing). Store failures are retried until the write lands or the lease runs out:
     * with rotation, the token set written here may hold the only copy of the grant. A retry that finds this very
     * token set already stored (its first attempt landed unanswered) counts as landed.
     *
     * @return false if the lease was lost (another write fenced this one out)
     */
    boolean completeRenewal(Connection leased, TokenSet token, Grant grant);

    /**
     * Releases the lease after a transient failure, recording it; nobody renews before {@code retryAfter}. A failure
     * of class {@code OUTCOME_UNKNOWN} marks the connection for reconciliation before its next renewal.
     */
    boolean releaseLease(Connection leased, Failure failure, Instant retryAfter);

    /** Stops the broker calling Salesforce for the connection (and ends any lease); false if it changed since read. */
    boolean block(Connection read, ConnectionState state, Failure failure);

    /** Records a web-server authorisation in progress (replacing any earlier one); false if the connection changed. */
    boolean beginAuthorization(Connection read, PendingAuthorization pending);

    /**
     * Records that a callback starts exchanging the pending authorisation's code, before it calls Salesforce; false if the
     * connection changed since read (another callback of the same authorisation got there first).
     */
    boolean startCodeExchange(Connection read, Instant at);

    /**
     * Stores the grant and token of a completed authorisation, with the Salesforce ids of the user who approved it, and
     * makes the connection active again (clearing any failure, lease, back-off and pending authorisation); false if the
     * connection changed since read.
     */
    boolean completeAuthorization(Connection read, TokenSet token, Grant grant, SalesforceUser user);

    /** Every connection, for operators (a scan: the token path and the schedule never list). */
    List<Connection> all();

    /** Replaces what a connection is (login host, user, connected app, session timeout, callers); false if it changed since read. */
    boolean updateDefinition(Connection read, Connection updated);

    /**
     * Writes {@code updated}'s session timeout (one the policy audit learned) and nothing else of the connection; false if
     * it changed since read.
     */
    boolean updateSessionTimeout(Connection read, Connection updated);

    /**
     * Removes the stored access token (and the grant, unless {@code keptGrant} is given) and sets the state; an
     * active connection with a kept grant is due for renewal at once. False if the connection changed since read.
     */
    boolean purgeTokens(Connection read, ConnectionState state, Grant keptGrant);

    /** Deletes the connection; false if it changed since read. */
    boolean delete(Connection read);

    /** Ids of active connections whose renewal is due by {@code by}, from an index (never a scan). */
    List<String> dueForRenewal(Instant by);
}
