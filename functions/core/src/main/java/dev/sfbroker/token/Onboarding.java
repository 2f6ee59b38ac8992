package dev.sfbroker.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorises a refresh-token connection through Salesforce's web-server flow with PKCE: an operator starts
 * it and opens the returned URL as the integration user; Salesforce redirects to the broker's callback, which
 * exchanges the code and stores the grant. Re-authorising replaces the grant and revokes the old one, so the
 * broker never holds more than one grant per connection.
 */
public final class Onboarding {
    private static final Logger LOG = LoggerFactory.getLogger(Onboarding.class);
    private static final char STATE_SEPARATOR = '~';
    private static final Duration PENDING_FOR = Duration.ofMinutes(15);
    /** One answer for every callback the broker did not start or no longer waits for: it tells nobody which connections exist. */
    private static final String NOT_PENDING = "This authorisation is unknown, expired or already completed; start a new one.";
    private static final String WRONG_USER_OUTCOME = "WRONG_USER";
    private static final String WOULD_EVICT_OUTCOME = "WOULD_EVICT_GRANT";
    /** Counts of the approvals made again after another instance started a flow of the same user and app meanwhile. */
    private static final int RESERVE_ATTEMPTS = 3;

    /**
     * Where to send the user, and until when the authorisation can be completed.
     *
     * @param evicts   the grant the approval will revoke, which the operator accepted
     * @param warnings what the broker could not check before starting
     */
    public record Started(URI authorizeUrl, Instant expiresAt, Optional<ApprovalLimit.DoomedGrant> evicts, List<String> warnings) {
    }

    private final ConnectionStore store;
    private final AuthorizationServer salesforce;
    private final RenewalPolicy policy;
    private final Clock clock;
    private final AuditTrail audit;
    private final ConnectionEvents stateChanges;
    private final ApprovalLimit approvals;
    private final ServedTokenCache servedTokens;
    private final PendingApprovals pendingApprovals;
    private final SecureRandom random = new SecureRandom();

    public Onboarding(ConnectionStore store, AuthorizationServer salesforce, RenewalPolicy policy, Clock clock, AuditTrail audit,
                      ConnectionEvents stateChanges, ApprovalLimit approvals, ServedTokenCache servedTokens,
                      PendingApprovals pendingApprovals) {
        this.store = store;
        this.salesforce = salesforce;
        this.policy = policy;
        this.clock = clock;
        this.audit = audit;
        this.stateChanges = stateChanges;
        this.approvals = approvals;
        this.servedTokens = servedTokens;
        this.pendingApprovals = pendingApprovals;
    }

    /**
     * @param callback the broker's callback URL, registered on the connected app
     * @param operator who started it
     * @param acceptEviction whether the operator accepts that the approval revokes another grant ({@link ApprovalLimit})
     * @throws ApprovalWouldEvictException when it would and the operator did not accept it
     */
    public Started begin(String connectionId, URI callback, String operator, boolean acceptEviction) {
        Connection connection = store.find(connectionId).orElseThrow(() -> new ConnectionNotFoundException(connectionId));
        if (connection.flow() != Flow.REFRESH_TOKEN) {
            throw new InvalidAuthorizationException("Connection '" + connectionId + "' uses the " + connection.flow().wireName()
                    + " flow, which needs no authorisation.");
        }
        List<String> earlier = unfinishedFlowsGrant(connection, operator);
        String state = connectionId + STATE_SEPARATOR + randomToken();
        String verifier = randomToken();
        URI url;
        try {
            url = salesforce.authorizeUrl(connection, state, challenge(verifier), callback);
        } catch (GrantFailedException e) {
            throw new TokenUnavailableException(connectionId, e.failure());
        }
        Instant expiresAt = clock.instant().plus(PENDING_FOR);
        ApprovalLimit.Outlook outlook = checkAndReserve(connection, operator, acceptEviction, expiresAt);
        Optional<ApprovalLimit.DoomedGrant> evicts = outlook.evicted();
        if (!store.beginAuthorization(connection, new PendingAuthorization(digest(state), Secret.of(verifier), expiresAt, null))) {
            release(connection);
            throw new ConcurrentChangeException(connectionId);
        }
        List<String> warnings = Stream.concat(earlier.stream(), outlook.warnings().stream()).toList();
        audit.record(AuditEvent.ok(connection, clock.instant(), operator, AuditEvent.Action.AUTHORIZATION_STARTED, null,
                "web-server flow for " + connection.username() + ", valid until " + expiresAt
                        + evicts.map(doomed -> "; the operator accepted that it revokes " + doomed.describe()).orElse("")
                        + warnings.stream().map(warning -> "; " + warning).collect(Collectors.joining())));
        return new Started(url, expiresAt, evicts, warnings);
    }

    /**
     * An earlier flow of the connection that never completed, whose code exchange had begun, may have been exchanged by an
     * instance that stopped before storing the grant: that grant takes one of the user's approvals and nobody holds it. It
     * is looked for (and revoked) as after a lost answer, before a new flow starts and when an operator retries the
     * connection; what was found is a warning.
     */
    public List<String> unfinishedFlowsGrant(Connection connection, String operator) {
        // a flow whose code nobody began to exchange created no grant: another tool's new approval is left alone
        if (connection.pendingAuthorization() == null || connection.pendingAuthorization().exchangeStartedAt() == null) {
            return List.of();
        }
        UnseenGrantOutcome outcome = revokeUnseenGrant(connection, connection.pendingAuthorization(),
                "the grant the unfinished authorisation created", operator);
        if (!outcome.found()) {
            return List.of();
        }
        String warning = "an earlier authorisation of this connection did not complete, and Salesforce may hold the grant it"
                + " created: " + outcome.sentence();
        LOG.warn("connection {}: {}", connection.id(), warning);
        return List.of(warning);
    }

    /**
     * Counts the user's approvals of the app and the other connections' flows of the same user and app in progress, then
     * records this flow among them in a write conditional on the flows read: an instance that started one meanwhile makes
     * the write fail, and the count is made again with it. Refuses when the approval would evict a grant the operator did
     * not accept to lose.
     */
    private ApprovalLimit.Outlook checkAndReserve(Connection connection, String operator, boolean acceptEviction, Instant expiresAt) {
        String connectionId = connection.id();
        for (int attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            PendingApprovals.Flows flows = pendingApprovals.read(ApprovalLimit.userAndApp(connection));
            ApprovalLimit.Outlook outlook = approvals.outlook(connection, store.all(), flows.othersAt(connectionId, now));
            Optional<ApprovalLimit.DoomedGrant> evicts = outlook.evicted();
            if (evicts.isPresent() && !acceptEviction) {
                audit.record(new AuditEvent(connectionId, clock.instant(), operator, AuditEvent.Action.AUTHORIZATION_FAILED,
                        WOULD_EVICT_OUTCOME, null, null, null, "not started: the approval would revoke " + evicts.get().describe()
                        + outlook.warnings().stream().map(warning -> "; " + warning).collect(Collectors.joining())));
                throw new ApprovalWouldEvictException(connectionId, evicts.get());
            }
            if (pendingApprovals.replace(flows, flows.with(connectionId, expiresAt, now))) {
                return outlook;
            }
        }
        throw new ConcurrentChangeException(connectionId);
    }

    /** Takes the connection's flow out of the flows in progress; if that fails, the flow's expiry takes it out. */
    private void release(Connection connection) {
        try {
            Instant now = clock.instant();
            PendingApprovals.Flows flows = pendingApprovals.read(ApprovalLimit.userAndApp(connection));
            pendingApprovals.replace(flows, flows.with(connection.id(), null, now));
        } catch (RuntimeException e) {
            LOG.warn("the finished authorisation of connection {} stays counted as in progress until it expires: {}", connection.id(),
                    e.toString());
        }
    }

    /** Completes the authorisation Salesforce redirected back with; returns the connection's new token. */
    public TokenSet complete(String state, String code, URI callback) {
        Connection pending = pendingFor(state);
        // recorded before Salesforce is called: if this instance stops before storing the grant, the next flow looks for it
        if (!store.startCodeExchange(pending, clock.instant())) {
            throw new InvalidAuthorizationException(NOT_PENDING);
        }
        Connection connection = store.find(pending.id()).orElseThrow(() -> new InvalidAuthorizationException(NOT_PENDING));
        try {
            return exchange(connection, code, callback);
        } finally {
            release(connection);
        }
    }

    private TokenSet exchange(Connection connection, String code, URI callback) {
        PendingAuthorization pending = connection.pendingAuthorization();
        String actor = "salesforce user " + connection.username();
        IssuedToken issued;
        try {
            issued = salesforce.exchangeCode(connection, code, pending.codeVerifier(), callback);
        } catch (GrantFailedException e) {
            Failure failure = e.failure().failureClass() == FailureClass.OUTCOME_UNKNOWN
                    ? unseenGrant(e.failure(), revokeUnseenGrant(connection, pending, "the grant the lost answer carried", actor))
                    : e.failure();
            LOG.warn("authorisation of connection {} failed ({}): {}", connection.id(), failure.failureClass(), failure.cause());
            audit.record(AuditEvent.failed(connection, clock.instant(), actor, AuditEvent.Action.AUTHORIZATION_FAILED, failure));
            throw new TokenUnavailableException(connection.id(), failure);
        }
        if (issued.refreshToken() == null) {
            throw new TokenUnavailableException(connection.id(), new Failure(FailureClass.MISCONFIGURED, null, null,
                    "Salesforce issued no refresh token: the connected app's OAuth scopes lack refresh_token (offline_access).",
                    "Add 'Perform requests at any time (refresh_token, offline_access)' to the connected app's selected scopes,"
                            + " then authorise again.", clock.instant()));
        }
        Approver approver = requireTheConnectionsUser(connection, issued, actor);
        TokenSet token = policy.predict(connection, issued);
        servedTokens.forget(connection.id());
        if (!store.completeAuthorization(connection, token, new Grant(issued.refreshToken(), false), approver.salesforceUser())) {
            salesforce.revoke(connection, issued.refreshToken());
            throw new ConcurrentChangeException(connection.id());
        }
        String others = othersSince(connection, pending);
        Instant at = clock.instant();
        String auditId = audit.record(AuditEvent.ok(connection, at, actor, AuditEvent.Action.AUTHORIZED, token.fingerprint(),
                (connection.grant() == null ? "first grant" : "replaces the previous grant") + others));
        if (connection.state() != ConnectionState.ACTIVE || connection.currentFailure() != null) {
            stateChanges.publish(ConnectionEvent.of(ConnectionEvent.Type.RECOVERED, connection, ConnectionState.ACTIVE,
                    connection.currentFailure(), at, auditId));
        }
        if (connection.grant() != null) {
            boolean revoked = salesforce.revoke(connection, connection.grant().refreshToken());
            LOG.info("connection {} re-authorised; previous grant {}", connection.id(), revoked ? "revoked" : "NOT revoked (revoke failed)");
            audit.record(new AuditEvent(connection.id(), clock.instant(), actor, AuditEvent.Action.GRANT_REVOKED,
                    revoked ? AuditEvent.OK : "REVOKE_FAILED", null, null, null,
                    revoked ? "previous refresh token revoked at Salesforce" : "Salesforce did not confirm revoking the previous refresh token"));
        } else {
            LOG.info("connection {} authorised", connection.id());
        }
        return token;
    }

    /**
     * Confirms the new grant is the only approval of the user and app created since the flow started that the broker does
     * not hold otherwise: any other is another tool's, or one an earlier attempt left. They are reported, not revoked (the
     * broker cannot tell them apart); empty when there are none or the approvals cannot be read.
     */
    private String othersSince(Connection connection, PendingAuthorization pending) {
        Connection authorised = store.find(connection.id()).orElse(connection);
        ApprovalLimit.Unseen unseen = approvals.unseenSince(authorised, store.all(), pending.expiresAt().minus(PENDING_FOR));
        if (unseen.unread() != null || unseen.approvals().isEmpty()) {
            return "";
        }
        String others = "; approvals of the app by " + connection.username() + " that no connection holds were created since the"
                + " authorisation started (created " + unseen.approvals().stream().map(approval -> approval.createdDate().toString())
                .collect(Collectors.joining(", ")) + "): another tool's, or left by an earlier attempt; revoke in Salesforce any"
                + " nobody needs";
        LOG.warn("connection {} authorised{}", connection.id(), others);
        return others;
    }

    /**
     * Only the connection's user may authorise it: a token approved by anyone else (another user of the org, a user of
     * another org) is revoked at once and the connection stays as it was. When Salesforce cannot say who approved, the
     * token is treated the same way: the broker never keeps a grant it cannot attribute.
     */
    private Approver requireTheConnectionsUser(Connection connection, IssuedToken issued, String actor) {
        Optional<Approver> approver = salesforce.whoApproved(issued);
        if (approver.isPresent() && approver.get().is(connection)) {
            return approver.get();
        }
        boolean revoked = salesforce.revoke(connection, issued.refreshToken());
        String who = approver.map(a -> "Salesforce user " + a.username() + " (org " + a.organizationId() + ")")
                .orElse("a Salesforce user the broker could not identify");
        String detail = "approved by " + who + ", not by " + connection.username() + "; the new grant was "
                + (revoked ? "revoked" : "NOT revoked (revoke failed: revoke it in Salesforce)") + " and the connection left as it was";
        LOG.warn("authorisation of connection {} refused: {}", connection.id(), detail);
        audit.record(new AuditEvent(connection.id(), clock.instant(), actor, AuditEvent.Action.AUTHORIZATION_FAILED, WRONG_USER_OUTCOME,
                null, null, null, detail));
        throw new InvalidAuthorizationException("The connected app was " + detail + ". Sign in to Salesforce as "
                + connection.username() + " and start a new authorisation.");
    }

    /** What became of the grant a code exchange with an unknown outcome may have created. */
    /** @param found Salesforce lists approvals no connection holds (or could not be asked) */
    private record UnseenGrantOutcome(boolean revoked, boolean found, String sentence) {
    }

    /**
     * A code exchange whose outcome is unknown may have created a grant at Salesforce whose refresh token the broker
     * never received; it takes one of the user's five approvals of the app. Salesforce lists it ({@code OauthToken}) with
     * its {@code DeleteToken}: the one approval of the user and app created since the authorisation started that no
     * connection holds is revoked with it. Several such approvals may include another tool's new grant, so none is
     * revoked then; they are reported.
     */
    /** @param what the grant looked for, as the outcome names it */
    private UnseenGrantOutcome revokeUnseenGrant(Connection connection, PendingAuthorization pending, String what, String actor) {
        Instant since = pending.expiresAt().minus(PENDING_FOR);
        ApprovalLimit.Unseen unseen = approvals.unseenSince(connection, store.all(), since);
        if (unseen.unread() != null) {
            return new UnseenGrantOutcome(false, true, "The broker could not look for it: " + unseen.unread() + ".");
        }
        if (unseen.approvals().isEmpty()) {
            return new UnseenGrantOutcome(false, false, "Salesforce lists no approval of the app by " + connection.username()
                    + " created since the authorisation started, so it created none.");
        }
        if (unseen.approvals().size() > 1 || unseen.approvals().getFirst().deleteToken() == null) {
            return new UnseenGrantOutcome(false, true, unseen.approvals().size() + " approvals of the app by " + connection.username()
                    + " created since " + since + " are held by no connection of the broker (created "
                    + unseen.approvals().stream().map(approval -> approval.createdDate().toString()).collect(Collectors.joining(", "))
                    + "); the broker cannot tell which one is " + what + ", so it revoked none.");
        }
        SalesforceApproval grant = unseen.approvals().getFirst();
        boolean revoked = salesforce.revoke(connection, grant.deleteToken());
        String detail = what + " (created " + grant.createdDate() + ") was "
                + (revoked ? "revoked through its DeleteToken" : "NOT revoked: Salesforce did not confirm revoking it through its DeleteToken");
        audit.record(new AuditEvent(connection.id(), clock.instant(), actor, AuditEvent.Action.GRANT_REVOKED,
                revoked ? AuditEvent.OK : "REVOKE_FAILED", null, null, null, detail));
        return new UnseenGrantOutcome(revoked, true, "The broker found it: " + detail + ".");
    }

    /**
     * It cannot be reconciled (there is no token to introspect), and exchanging the code again is pointless (a code is
     * single-use): the operator is told what became of the unseen grant, and the stored grant, if any, stays as it was.
     */
    private Failure unseenGrant(Failure unknown, UnseenGrantOutcome outcome) {
        return new Failure(FailureClass.OUTCOME_UNKNOWN, unknown.salesforceError(), unknown.salesforceDescription(),
                "The authorisation's outcome is unknown: " + unknown.cause() + " Salesforce may have created a grant whose"
                        + " refresh token the broker never received; it counts toward the user's five approvals of the connected app. "
                        + outcome.sentence(),
                outcome.revoked() ? "Start the authorisation again."
                        : "Start the authorisation again. Revoke the unseen grant, if any, in Salesforce (the user's OAuth connected apps, or"
                        + " Setup > Connected Apps OAuth Usage); otherwise newer approvals evict it.", unknown.at());
    }

    private Connection pendingFor(String state) {
        int separator = state == null ? -1 : state.indexOf(STATE_SEPARATOR);
        Optional<Connection> connection = separator <= 0 ? Optional.empty() : store.find(state.substring(0, separator));
        PendingAuthorization pending = connection.map(Connection::pendingAuthorization).orElse(null);
        boolean started = pending != null && MessageDigest.isEqual(pending.stateDigest().getBytes(StandardCharsets.US_ASCII),
                digest(state).getBytes(StandardCharsets.US_ASCII));
        if (!started || !clock.instant().isBefore(pending.expiresAt())) {
            throw new InvalidAuthorizationException(NOT_PENDING);
        }
        return connection.get();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE S256: base64url(SHA-256(verifier)). */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static String digest(String state) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(state));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
