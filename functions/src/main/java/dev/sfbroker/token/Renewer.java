package dev.sfbroker.token;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one connection's token under a lease, so that however many callers and broker instances want a
 * new token at the same moment, one of them calls Salesforce.
 *
 * <p>Terminal and misconfiguration failures block the connection on first sight: a retry cannot succeed and
 * would spend the user's login budget. A transient failure releases the lease with a back-off, during which
 * nobody tries again.
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
    private final String instance = UUID.randomUUID().toString();

    public Renewer(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy policy, Clock clock) {
        this.store = store;
        grants.forEach(grant -> this.grants.put(grant.flow(), grant));
        this.policy = policy;
        this.clock = clock;
    }

    public Outcome renew(Connection read) {
        Instant now = clock.instant();
        if (!read.mayStartRenewalAt(now)) {
            return new Outcome.Busy();
        }
        Optional<Connection> leased = store.acquireLease(read, new Lease(instance, now.plus(policy.lease())), now);
        return leased.map(this::renewUnderLease).orElseGet(Outcome.Busy::new);
    }

    private Outcome renewUnderLease(Connection leased) {
        IssuedToken issued;
        try {
            issued = grants.get(leased.flow()).obtain(leased);
        } catch (GrantFailedException e) {
            return fail(leased, e.failure());
        } catch (RuntimeException e) {
            store.releaseLease(leased, unexpected(e), clock.instant().plus(policy.retryAfterFailure()));
            throw e;
        }
        TokenSet token = policy.predict(leased, issued);
        if (!store.completeRenewal(leased, token)) {
            // only an instance that outlived its lease is fenced out, and the timeouts rule that out
            LOG.error("renewal of connection {} was fenced out: the lease ran out before the token was stored", leased.id());
            return new Outcome.Busy();
        }
        LOG.info("renewed connection {} (flow {}): token {}, predicted expiry {}", leased.id(), leased.flow().wireName(),
                token.fingerprint(), token.expiresAt());
        return new Outcome.Renewed(token);
    }

    private Outcome fail(Connection leased, Failure failure) {
        LOG.warn("renewal of connection {} failed: {} {} ({})", leased.id(), failure.salesforceError(),
                failure.salesforceDescription(), failure.failureClass());
        ConnectionState blockedAs = failure.failureClass().blocksConnectionAs();
        if (blockedAs != null) {
            store.block(leased, blockedAs, failure);
        } else {
            store.releaseLease(leased, failure, clock.instant().plus(policy.retryAfterFailure()));
        }
        return new Outcome.Failed(failure);
    }

    private Failure unexpected(RuntimeException e) {
        return new Failure(FailureClass.TRANSIENT, null, null, "The renewal failed unexpectedly: " + e.getClass().getSimpleName(),
                "See the broker's log; the broker retries after the back-off.", clock.instant());
    }
}
