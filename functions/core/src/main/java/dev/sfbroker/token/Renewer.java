package dev.sfbroker.token;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one connection's token under a lease, so that however many callers and broker instances want a
 * new token at the same moment, one of them calls Salesforce.
 *
 * <p>Terminal and misconfiguration failures block the connection on first sight: a retry cannot succeed and
 * would spend the user's login budget. A transient failure releases the lease with a back-off, during which
 * nobody tries again.
 *
 * <p>A renewal whose outcome is unknown (anything but Salesforce's refusal came back, Salesforce said another
 * request with the same token was in flight, or its holder died before storing the answer) is never
 * simply repeated: with refresh token rotation, repeating it would replay a rotated token and Salesforce would
 * revoke the whole grant. The grant is reconciled first; a grant found lost blocks the connection with that
 * reason, visibly.
 */
public final class Renewer {
    private static final Logger LOG = LoggerFactory.getLogger(Renewer.class);

    /** What one renewal attempt came to. */
    public sealed interface Outcome {
        /** This instance renewed the token. */
        record Renewed(TokenSet token) implements Outcome {
        }

        /** Another instance holds the lease, a back-off is running, or the connection changed meanwhile. */
        record Busy() implements Outcome {
        }

        /**
         * Salesforce refused or failed, or the user's login budget did not allow the call; the connection is blocked if
         * the failure class says so.
         *
         * @param retryAt when a renewal may be tried again; null when the connection is blocked
         */
        record Failed(Failure failure, Instant retryAt) implements Outcome {
            public Failed(Failure failure) {
                this(failure, null);
            }
        }
    }

    private final ConnectionStore store;
    private final Map<Flow, TokenGrant> grants = new EnumMap<>(Flow.class);
    private final RenewalPolicy policy;
    private final Clock clock;
    private final RenewalEvents events;
    private final AuditTrail audit;
    private final LoginBudget budget;
    private final ConnectionEvents stateChanges;
    /** Names this instance as a lease holder; renewed after a snapshot restore, so restored copies never share it. */
    private volatile String instance = UUID.randomUUID().toString();
    private final AtomicLong leaseAttempts = new AtomicLong();

    public Renewer(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy policy, Clock clock, RenewalEvents events,
                   AuditTrail audit, LoginBudget budget, ConnectionEvents stateChanges) {
        this.store = store;
        grants.forEach(grant -> this.grants.put(grant.flow(), grant));
        this.policy = policy;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
        this.budget = budget;
        this.stateChanges = stateChanges;
    }

    /** @param actor who asked: the calling principal, or {@link AuditEvent#SCHEDULE} */
    public Outcome renew(Connection read, String actor) {
        return renew(read, actor, audit::record);
    }

    /** Renews as {@link #renew(Connection, String)}, recording the outcome in {@code audit} (the schedule's batch). */
    public Outcome renew(Connection read, String actor, AuditTrail.Recorder audit) {
        if (!read.state().mayCallSalesforce()) {
            return new Outcome.Failed(read.lastFailure());
        }
        return underLease(read, actor, audit);
    }

    /**
     * An operator's retry of a connection blocked until a person fixed the cause ({@code NEEDS_REAUTH}, {@code MISCONFIGURED}):
     * one careful renewal now, as any other (under the lease, from the login budget, reconciling an unknown outcome
     * first). Success stores the token and makes the connection active again; a failure leaves it blocked, with the new
     * error. Which connections may be retried is the caller's decision.
     */
    public Outcome retryBlocked(Connection read, String actor) {
        return underLease(read, actor, audit::record);
    }

    private Outcome underLease(Connection read, String actor, AuditTrail.Recorder audit) {
        Instant now = clock.instant();
        if (!read.mayStartRenewalAt(now)) {
            return new Outcome.Busy();
        }
        boolean uncertain = read.lastRenewalUncertain();
        Optional<Connection> leased = store.acquireLease(read, new Lease(leaseOwner(), now.plus(policy.lease())), now);
        return leased.map(connection -> renewUnderLease(connection, uncertain, actor, audit)).orElseGet(Outcome.Busy::new);
    }

    private Outcome renewUnderLease(Connection leased, boolean uncertain, String actor, AuditTrail.Recorder audit) {
        TokenGrant grant = grants.get(leased.flow());
        TokenGrant.Reconciliation reconciled = uncertain ? grant.reconcile(leased) : TokenGrant.Reconciliation.SAFE;
        if (reconciled == TokenGrant.Reconciliation.GRANT_LOST) {
            events.grantLost(leased);
            return fail(leased, grantLost(leased), null, actor, true, audit);
        }
        IssuedToken issued;
        Optional<LoginBudget.Refusal> refused;
        try {
            // the one place every renewal's token call goes through: the user's login budget is taken just before it
            refused = budget.spend(leased);
            issued = refused.isPresent() ? null : grant.obtain(leased);
        } catch (GrantFailedException e) {
            Failure failure = reconciled == TokenGrant.Reconciliation.UNKNOWN ? afterUnknownOutcome(e.failure()) : e.failure();
            boolean lost = failure != e.failure();
            if (lost) {
                events.grantLost(leased);
            }
            return fail(leased, failure, retryAfter(leased, failure), actor, lost, audit);
        } catch (RuntimeException e) {
            store.releaseLease(leased, unexpected(e), clock.instant().plus(policy.retryAfterFailure()));
            throw e;
        }
        if (refused.isPresent()) {
            return fail(leased, refused.get().failure(), refused.get().freesAt(), actor, false, audit);
        }
        TokenSet token = policy.predict(leased, issued);
        Grant renewedGrant = leased.grant() == null ? null : leased.grant().after(issued);
        if (!store.completeRenewal(leased, token, renewedGrant)) {
            // only an instance that outlived its lease is fenced out, and the timeouts rule that out
            LOG.error("renewal of connection {} was fenced out: the lease ran out before the token was stored", leased.id());
            return new Outcome.Busy();
        }
        LOG.info("renewed connection {} (flow {}): token {}, predicted expiry {}", leased.id(), leased.flow().wireName(),
                token.fingerprint(), token.expiresAt());
        events.renewed(leased, token);
        Instant at = clock.instant();
        String auditId = audit.record(AuditEvent.ok(leased, at, actor, AuditEvent.Action.RENEWED, token.fingerprint(),
                "flow " + leased.flow().wireName() + (renewedGrant != null && renewedGrant != leased.grant() ? ", refresh token rotated" : "")));
        Failure recoveredFrom = leased.currentFailure();
        if (recoveredFrom != null) {
            stateChanges.publish(ConnectionEvent.of(ConnectionEvent.Type.RECOVERED, leased, ConnectionState.ACTIVE, recoveredFrom, at, auditId));
        }
        return new Outcome.Renewed(token);
    }

    /**
     * When the connection may be renewed again after a failure that does not block it: after Salesforce's rate limit,
     * when the user's pause ends (no instance logs in as the user before); otherwise after the usual back-off.
     */
    private Instant retryAfter(Connection leased, Failure failure) {
        if (failure.failureClass() != FailureClass.RATE_LIMITED) {
            return clock.instant().plus(policy.retryAfterFailure());
        }
        try {
            return budget.rateLimited(leased);
        } catch (RuntimeException e) {
            LOG.warn("could not record Salesforce's rate limit for the user of connection {}: {}", leased.id(), e.toString());
            return clock.instant().plus(LoginBudget.WINDOW);
        }
    }

    /**
     * @param retryAt   when the connection may be renewed again, unless the failure blocks it
     * @param grantLost the failure is a grant lost to a refresh whose answer never came
     * @param audit     where the failure is recorded (the schedule's batch, or the audit trail)
     */
    private Outcome fail(Connection leased, Failure failure, Instant retryAt, String actor, boolean grantLost,
                         AuditTrail.Recorder audit) {
        LOG.warn("renewal of connection {} failed ({}): {}", leased.id(), failure.failureClass(), failure.salesforceError() != null
                ? failure.salesforceError() + " / " + failure.salesforceDescription() : failure.cause());
        ConnectionState blockedAs = failure.failureClass().blocksConnectionAs();
        if (blockedAs != null) {
            store.block(leased, blockedAs, failure);
        } else {
            store.releaseLease(leased, failure, retryAt);
        }
        events.failed(leased, failure);
        Instant at = clock.instant();
        String auditId = audit.record(AuditEvent.failed(leased, at, actor,
                blockedAs != null ? AuditEvent.Action.BLOCKED : AuditEvent.Action.RENEWAL_FAILED, failure));
        if (blockedAs != null) {
            stateChanges.publish(ConnectionEvent.of(blockedEventType(blockedAs, grantLost), leased, blockedAs, failure, at, auditId));
        }
        return new Outcome.Failed(failure, blockedAs != null ? null : retryAt);
    }

    private static ConnectionEvent.Type blockedEventType(ConnectionState blockedAs, boolean grantLost) {
        if (grantLost) {
            return ConnectionEvent.Type.GRANT_LOST;
        }
        return blockedAs == ConnectionState.NEEDS_REAUTH ? ConnectionEvent.Type.NEEDS_REAUTHORIZATION : ConnectionEvent.Type.BLOCKED;
    }

    private Failure grantLost(Connection leased) {
        Failure marked = leased.outcomeUnknown() ? leased.lastFailure() : null;
        return new Failure(FailureClass.TERMINAL, null, null,
                "An earlier refresh reached Salesforce but its answer never got stored (no answer came back, something other"
                        + " than Salesforce's refusal came back, or the broker instance stopped before storing it), and Salesforce"
                        + " now reports the stored refresh token inactive: that refresh rotated it, and the new refresh token is gone."
                        + (marked == null ? "" : " The last answer: " + marked.cause()),
                "Re-authorise the connection: POST /ops/connections/{id}/authorization and open the returned URL as the"
                        + " integration user.", clock.instant());
    }

    /** The one careful renewal after an unknown outcome failed for good: say why the grant is gone. */
    private Failure afterUnknownOutcome(Failure failure) {
        if (failure.failureClass() != FailureClass.TERMINAL) {
            return failure;
        }
        return new Failure(FailureClass.TERMINAL, failure.salesforceError(), failure.salesforceDescription(),
                "An earlier refresh's answer was lost and Salesforce could not confirm the grant; the careful retry was"
                        + " refused: " + failure.cause(), failure.fix(), failure.at());
    }

    private Failure unexpected(RuntimeException e) {
        return new Failure(FailureClass.TRANSIENT, null, null, "The renewal failed unexpectedly: " + e.getClass().getSimpleName(),
                "See the broker's log; the broker retries after the back-off.", clock.instant());
    }

    /**
     * Names one lease attempt: this instance and a count. Two threads of one instance racing for the same connection
     * take different leases, so a retried lease write that finds a lease with its own name knows it took it itself.
     */
    private String leaseOwner() {
        return instance + "/" + leaseAttempts.incrementAndGet();
    }

    /** The name this instance takes leases under. */
    public String instanceId() {
        return instance;
    }

    /**
     * Takes a new lease-holder name. Called after a SnapStart restore: every environment restored from one snapshot
     * starts with the name the snapshot holds, and two holders with one name would each think the other's lease theirs.
     */
    public void renewInstanceId() {
        instance = UUID.randomUUID().toString();
    }
}
