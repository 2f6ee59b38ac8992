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

        /** Salesforce refused or failed; the connection is blocked if the failure class says so. */
        record Failed(Failure failure) implements Outcome {
        }
    }

    private final ConnectionStore store;
    private final Map<Flow, TokenGrant> grants = new EnumMap<>(Flow.class);
    private final RenewalPolicy policy;
    private final Clock clock;
    private final RenewalEvents events;
    private final AuditTrail audit;
    /** Names this instance as a lease holder; renewed after a snapshot restore, so restored copies never share it. */
    private volatile String instance = UUID.randomUUID().toString();
    private final AtomicLong leaseAttempts = new AtomicLong();

    public Renewer(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy policy, Clock clock, RenewalEvents events,
                   AuditTrail audit) {
        this.store = store;
        grants.forEach(grant -> this.grants.put(grant.flow(), grant));
        this.policy = policy;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
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
            return fail(leased, grantLost(leased), actor, audit);
        }
        IssuedToken issued;
        try {
            issued = grant.obtain(leased);
        } catch (GrantFailedException e) {
            Failure failure = reconciled == TokenGrant.Reconciliation.UNKNOWN ? afterUnknownOutcome(e.failure()) : e.failure();
            if (failure != e.failure()) {
                events.grantLost(leased);
            }
            return fail(leased, failure, actor, audit);
        } catch (RuntimeException e) {
            store.releaseLease(leased, unexpected(e), clock.instant().plus(policy.retryAfterFailure()));
            throw e;
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
        audit.record(AuditEvent.ok(leased, clock.instant(), actor, AuditEvent.Action.RENEWED, token.fingerprint(),
                "flow " + leased.flow().wireName() + (renewedGrant != null && renewedGrant != leased.grant() ? ", refresh token rotated" : "")));
        return new Outcome.Renewed(token);
    }

    private Outcome fail(Connection leased, Failure failure, String actor, AuditTrail.Recorder audit) {
        LOG.warn("renewal of connection {} failed ({}): {}", leased.id(), failure.failureClass(), failure.salesforceError() != null
                ? failure.salesforceError() + " / " + failure.salesforceDescription() : failure.cause());
        ConnectionState blockedAs = failure.failureClass().blocksConnectionAs();
        if (blockedAs != null) {
            store.block(leased, blockedAs, failure);
        } else {
            store.releaseLease(leased, failure, clock.instant().plus(policy.retryAfterFailure()));
        }
        events.failed(leased, failure);
        audit.record(AuditEvent.failed(leased, clock.instant(), actor,
                blockedAs != null ? AuditEvent.Action.BLOCKED : AuditEvent.Action.RENEWAL_FAILED, failure));
        return new Outcome.Failed(failure);
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
