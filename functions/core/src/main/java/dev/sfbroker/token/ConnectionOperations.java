package dev.sfbroker.token;

import dev.sfbroker.access.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What operators do with connections: register, change, disable, enable and delete them, renew one now, revoke
 * one (the access token alone, or the grant), and in an incident revoke every grant of a connected app, a user
 * or an org. Disabling and deleting revoke at Salesforce first. Every action leaves an audit event, and every change
 * records its fields before and after; a change of who may fetch the token also raises a metric operators alarm on.
 * An ops principal is never made a caller by accident: listing one needs the request's explicit consent.
 */
public final class ConnectionOperations {

    /**
     * What defines a connection, as an operator registers or changes it.
     *
     * @param allowOpsPrincipal the request's consent to list an ops principal among the callers ({@code allow_ops_principal})
     */
    public record Definition(String loginHost, String audience, String username, String credentialsRef, Flow flow,
                             Duration sessionTimeout, Set<String> allowedPrincipals, Integer loginBudgetPerHour,
                             boolean allowOpsPrincipal) {

        /** A connection's definition as it stands; a learned session timeout is not part of it (it is Salesforce's). */
        public static Definition of(Connection connection) {
            return new Definition(connection.loginHost().url().toString(), connection.loginHost().audience(), connection.username(),
                    connection.credentialsRef(), connection.flow(), connection.configuredSessionTimeout(), connection.allowedPrincipals(),
                    connection.loginBudgetPerHour(), false);
        }
    }

    /**
     * One connection an incident revocation selected, and (unless it was a dry run) what revoking it did.
     *
     * @param flow the connection's flow: what it takes to bring it back (a JWT connection is enabled, a refresh-token one
     *             authorised again)
     */
    public record IncidentEntry(String connectionId, String username, String credentialsRef, Flow flow, IncidentOutcome outcome,
                                RevocationReport report) {
    }

    /**
     * A grant of a selected user and connected app that the broker does not hold (another tool's, or one a lost answer
     * left behind), and what the incident did to it.
     *
     * @param username the user's username, or their Salesforce user id when no connection of the broker names them
     */
    public record OutsideGrant(String username, String appName, Instant createdDate, Instant lastUsedDate, IncidentOutcome outcome,
                               String detail) {

        OutsideGrant(String username, SalesforceApproval grant, IncidentOutcome outcome, String detail) {
            this(username, grant.appName(), grant.createdDate(), grant.lastUsedDate(), outcome, detail);
        }
    }

    /**
     * What an incident revocation selected and did.
     *
     * @param notSearched the users and apps whose grants outside the broker could not be looked for, and why
     */
    public record Incident(List<IncidentEntry> connections, List<OutsideGrant> outsideGrants, List<String> notSearched) {
    }

    /** What an incident revocation did for one connection or grant. */
    public enum IncidentOutcome {
        /** A dry run: it would be revoked. */
        LISTED,
        /** Salesforce confirmed the revocation (or reports the token inactive), and the stored tokens are purged. */
        REVOKED,
        /** The broker held no token for it (revoked, disabled or never authorised): marked revoked, nothing to revoke at Salesforce. */
        ALREADY_GONE,
        /** Salesforce did not revoke, or the call failed: nothing was purged, run the incident again. */
        FAILED
    }

    private final ConnectionStore store;
    private final AuthorizationServer salesforce;
    private final ApprovalLimit approvals;
    private final Renewer renewer;
    private final AuditTrail audit;
    private final Clock clock;
    private final SalesforceHosts hosts;
    private final RenewalEvents metrics;
    private final Collection<String> opsPrincipals;
    private final ConnectionEvents stateChanges;
    private final ServedTokenCache servedTokens;
    private final Onboarding onboarding;

    /** @param opsPrincipals the principals allowed on the ops routes ({@code broker.ops.principals}) */
    public ConnectionOperations(ConnectionStore store, AuthorizationServer salesforce, Renewer renewer, AuditTrail audit, Clock clock,
                                SalesforceHosts hosts, RenewalEvents metrics, Collection<String> opsPrincipals,
                                ConnectionEvents stateChanges, ApprovalLimit approvals, ServedTokenCache servedTokens,
                                Onboarding onboarding) {
        this.store = store;
        this.salesforce = salesforce;
        this.renewer = renewer;
        this.audit = audit;
        this.clock = clock;
        this.hosts = hosts;
        this.metrics = metrics;
        this.opsPrincipals = List.copyOf(opsPrincipals);
        this.stateChanges = stateChanges;
        this.approvals = approvals;
        this.servedTokens = servedTokens;
        this.onboarding = onboarding;
    }

    /** A registered connection, and what its operator should know about it. */
    public record Registered(Connection connection, List<String> warnings) {

        public Registered {
            warnings = List.copyOf(warnings);
        }
    }

    public Registered register(String id, Definition definition, String actor) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new InvalidRequestException("connection id must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        Connection connection = Connection.register(id, loginHost(definition), required(definition.username(), "username"),
                required(definition.credentialsRef(), "credentials_ref"), definition.flow() == null ? Flow.JWT_BEARER : definition.flow(),
                SessionTimeouts.requireOffered(definition.sessionTimeout()), allowedPrincipals(definition))
                .withLoginBudgetPerHour(definition.loginBudgetPerHour());
        String consent = opsPrincipalConsent(Set.of(), connection.allowedPrincipals(), definition.allowOpsPrincipal());
        if (!store.create(connection)) {
            throw new ConnectionExistsException(id);
        }
        List<String> warnings = sharedApprovals(connection);
        recordChange(null, connection, actor, AuditEvent.Action.REGISTERED, connection.flow().wireName() + " for " + connection.username()
                + consent + warnings.stream().map(warning -> "; warning: " + warning).collect(Collectors.joining()));
        return new Registered(connection, warnings);
    }

    /**
     * Two refresh-token connections of the same user and connected app are allowed (separate grants never share a refresh
     * token, so rotation's reuse detection cannot trip over them), but they share the user's five approvals of the app.
     */
    private List<String> sharedApprovals(Connection connection) {
        List<String> sharing = store.all().stream().filter(other -> !other.id().equals(connection.id())
                && ApprovalLimit.sameUserAndApp(other, connection)).map(Connection::id).sorted().toList();
        if (sharing.isEmpty()) {
            return List.of();
        }
        return List.of("connection" + (sharing.size() > 1 ? "s " : " ") + String.join(", ", sharing) + " use" + (sharing.size() > 1 ? "" : "s")
                + " the same Salesforce user and connected app: their grants count toward the user's " + ApprovalLimit.PER_USER_AND_APP
                + " approvals of the app, and a sixth evicts the oldest. With refresh token rotation on, each must keep its own grant:"
                + " authorise each through its own web-server flow, never copy a refresh token between them.");
    }

    /** Replaces the connection's definition. */
    public Connection update(String id, Definition definition, String actor) {
        return change(id, current -> definition, actor);
    }

    /**
     * Changes the connection's definition as {@code change} derives it from the current one, in one conditional write:
     * a concurrent change makes it fail rather than be lost. A new login host, user or connected app first revokes the
     * grant and tokens at the old one and purges them, so no token is ever sent to the new place or used as someone else.
     */
    public Connection change(String id, UnaryOperator<Definition> change, String actor) {
        Connection read = find(id);
        Definition definition = change.apply(Definition.of(read));
        if (definition.flow() != null && definition.flow() != read.flow()) {
            throw new InvalidRequestException("the flow of a connection cannot change; register a new connection instead");
        }
        LoginHost loginHost = loginHost(definition);
        String username = required(definition.username(), "username");
        String credentialsRef = required(definition.credentialsRef(), "credentials_ref");
        Duration sessionTimeout = SessionTimeouts.requireOffered(definition.sessionTimeout());
        Set<String> allowedPrincipals = allowedPrincipals(definition);
        String consent = opsPrincipalConsent(read.allowedPrincipals(), allowedPrincipals, definition.allowOpsPrincipal());
        boolean newIdentity = !loginHost.url().equals(read.loginHost().url()) || !username.equals(read.username())
                || !credentialsRef.equals(read.credentialsRef());
        Connection current = read;
        if (newIdentity && (read.grant() != null || read.token() != null)) {
            RevocationReport report = revokeAndPurge(read, RevocationTarget.GRANT, read.state());
            if (!report.revokedAtSalesforce()) {
                throw new TokenUnavailableException(id, new Failure(FailureClass.TRANSIENT, null, null,
                        "The connection's login host, user or connected app would change, but " + report.detail() + ".",
                        "Retry the change: the broker revokes the current grant at Salesforce before it logs in anywhere else.",
                        clock.instant()));
            }
            record(read, actor, AuditEvent.Action.REVOKED, "before a change of login host, user or connected app: " + report.detail());
            current = find(id);
        }
        Connection updated = current.withDefinition(loginHost, username, credentialsRef, sessionTimeout, allowedPrincipals,
                definition.loginBudgetPerHour());
        written(store.updateDefinition(current, updated), id);
        Connection changed = find(id);
        recordChange(read, changed, actor, AuditEvent.Action.UPDATED, "definition changed" + consent);
        return changed;
    }

    public List<Connection> list() {
        return store.all();
    }

    public Connection get(String id) {
        return find(id);
    }

    /**
     * The connection's audit events, newest first. A deleted connection's events stay readable until they expire
     * ({@code broker.audit.retention}), so an incident can be investigated after the connection is gone.
     */
    public List<AuditEvent> auditTrail(String id, int limit) {
        List<AuditEvent> events = audit.forConnection(id, limit);
        if (events.isEmpty()) {
            find(id);
        }
        return events;
    }

    public Renewer.Outcome renewNow(String id, String actor) {
        servedTokens.forget(id);
        return renewer.renew(find(id), actor);
    }

    /**
     * After a person fixed what blocked the connection (a key, a certificate, a permission, an IP range): one careful
     * attempt now, instead of disable (which revokes) and enable. Success makes the connection active; a failure keeps
     * it blocked with the new error. Only a JWT connection that needs re-authorisation, or a misconfigured connection that
     * still holds its grant, can be retried: a refresh-token connection whose grant is gone needs the web-server flow.
     * A grant an unfinished web-server flow of the connection may have left at Salesforce is looked for too
     * ({@link Onboarding#unfinishedFlowsGrant}), and what was found goes into the audit event.
     */
    public Renewer.Outcome retry(String id, String actor) {
        Connection read = find(id);
        refuseUnlessRetryable(read);
        Renewer.Outcome outcome = renewer.retryBlocked(read, actor);
        // after the attempt: a renewed connection reads Salesforce's approvals with its new token
        String was = "was " + read.state() + onboarding.unfinishedFlowsGrant(find(id), actor).stream()
                .map(warning -> "; " + warning).collect(Collectors.joining());
        audit.record(switch (outcome) {
            case Renewer.Outcome.Renewed renewed -> AuditEvent.ok(read, clock.instant(), actor, AuditEvent.Action.RETRIED,
                    renewed.token().fingerprint(), was + "; renewed, active again");
            case Renewer.Outcome.Failed failed -> AuditEvent.failed(read, clock.instant(), actor, AuditEvent.Action.RETRIED, failed.failure())
                    .noting(was);
            case Renewer.Outcome.Busy busy -> new AuditEvent(read.id(), clock.instant(), actor, AuditEvent.Action.RETRIED, "busy", null, null,
                    null, was + "; not attempted: another renewal holds the lease, or a back-off runs until " + read.retryAfter());
        });
        return outcome;
    }

    private static void refuseUnlessRetryable(Connection connection) {
        String id = connection.id();
        boolean jwt = connection.flow() == Flow.JWT_BEARER;
        switch (connection.state()) {
            case NEEDS_REAUTH -> {
                if (!jwt) {
                    throw new NotRetryableException(id, "connection '" + id + "' needs re-authorisation: its grant is gone, and only"
                            + " the integration user can give a new one. Start the web-server flow (POST /ops/connections/" + id
                            + "/authorization) and open the returned URL as that user");
                }
            }
            case MISCONFIGURED -> {
                if (!jwt && connection.grant() == null) {
                    throw new NotRetryableException(id, "connection '" + id + "' holds no grant to retry with; authorise it"
                            + " (POST /ops/connections/" + id + "/authorization)");
                }
            }
            case ACTIVE -> throw new NotRetryableException(id, "connection '" + id + "' is not blocked, so there is nothing to"
                    + " retry; POST /ops/connections/" + id + "/renew renews it now");
            case DISABLED -> throw new NotRetryableException(id, "connection '" + id + "' is disabled, not blocked; enable it"
                    + " (POST /ops/connections/" + id + "/enable)");
            case REVOKED -> throw new NotRetryableException(id, "connection '" + id + "' was revoked, not blocked; "
                    + (jwt ? "enable it (POST /ops/connections/" + id + "/enable)" : "authorise it again (POST /ops/connections/" + id
                    + "/authorization)"));
        }
    }

    /** Revokes at Salesforce first, then disables; tokens are purged. */
    public RevocationReport disable(String id, String actor) {
        Connection read = find(id);
        RevocationReport report = revokeAndPurge(read, RevocationTarget.GRANT, ConnectionState.DISABLED);
        String auditId = recordChange(read, find(id), actor, AuditEvent.Action.DISABLED, report.detail());
        if (report.purged()) {
            publish(ConnectionEvent.Type.DISABLED, read, ConnectionState.DISABLED, auditId);
        }
        return report;
    }

    /** A JWT connection mints on its next fetch; a refresh-token connection needs authorising again. */
    public Connection enable(String id, String actor) {
        Connection read = find(id);
        if (read.state() != ConnectionState.DISABLED) {
            throw new InvalidRequestException("connection '" + id + "' is " + read.state() + ", not DISABLED");
        }
        written(store.purgeTokens(read, ConnectionState.ACTIVE, null), id);
        Connection enabled = find(id);
        String auditId = recordChange(read, enabled, actor, AuditEvent.Action.ENABLED, read.flow() == Flow.REFRESH_TOKEN
                ? "authorise it again (POST /ops/connections/" + id + "/authorization)" : "mints on its next fetch");
        publish(ConnectionEvent.Type.ENABLED, read, ConnectionState.ACTIVE, auditId);
        return enabled;
    }

    /** Revokes at Salesforce first, then deletes; a failed revocation keeps the connection, so it can be retried. */
    public RevocationReport delete(String id, String actor) {
        Connection read = find(id);
        RevocationReport report = revoke(read, RevocationTarget.GRANT);
        if (!report.revokedAtSalesforce()) {
            return report;
        }
        written(store.delete(find(id)), id);
        recordChange(read, null, actor, AuditEvent.Action.DELETED, report.detail());
        return new RevocationReport(id, RevocationTarget.GRANT, true, report.verifiedInactive(), true, report.detail() + "; connection deleted");
    }

    public RevocationReport revoke(String id, RevocationTarget target, String actor) {
        Connection read = find(id);
        RevocationReport report = revokeAndPurge(read, target, target == RevocationTarget.GRANT ? ConnectionState.REVOKED : read.state());
        String auditId = recordChange(read, find(id), actor, AuditEvent.Action.REVOKED, target.wireName() + ": " + report.detail());
        if (target == RevocationTarget.GRANT && report.purged()) {
            publish(ConnectionEvent.Type.REVOKED, read, ConnectionState.REVOKED, auditId);
        }
        return report;
    }

    /**
     * Every grant the selector takes: the broker's connections, and the grants of their users and connected apps that the
     * broker does not hold ({@link #outsideGrants}). A dry run only lists them. Carries on past individual failures.
     */
    public Incident incident(IncidentSelector selector, boolean dryRun, String actor) {
        List<Connection> all = store.all();
        List<Connection> selected = all.stream().filter(selector::selects).toList();
        List<String> notSearched = new ArrayList<>();
        // while the broker's own grants are still there: they recognise the rows and their tokens read them
        List<OutsideGrant> outside = outsideGrants(selector, selected, all, dryRun, actor, notSearched);
        List<IncidentEntry> entries = new ArrayList<>();
        for (Connection connection : selected) {
            RevocationReport report = null;
            IncidentOutcome outcome = IncidentOutcome.LISTED;
            if (!dryRun) {
                // still revoked (marked REVOKED, so it mints nothing), though Salesforce has nothing to revoke
                boolean heldNothing = connection.token() == null && connection.grant() == null;
                try {
                    report = revoke(connection.id(), RevocationTarget.GRANT, actor);
                } catch (RuntimeException e) {
                    report = new RevocationReport(connection.id(), RevocationTarget.GRANT, false, null, false,
                            "failed: " + e.getMessage());
                }
                outcome = !report.revokedAtSalesforce() ? IncidentOutcome.FAILED
                        : heldNothing ? IncidentOutcome.ALREADY_GONE : IncidentOutcome.REVOKED;
            }
            entries.add(new IncidentEntry(connection.id(), connection.username(), connection.credentialsRef(), connection.flow(),
                    outcome, report));
        }
        return new Incident(entries, outside, notSearched);
    }

    /**
     * The approvals Salesforce lists ({@code OauthToken}) that no connection of the broker holds. Without a user (an
     * incident by connected app, by org, or both): every user's approvals of each connected app the selected connections
     * use, in each of their orgs. By user alone: every approval of the user, of any connected app. By user and app: the
     * user's approvals of that app. Revoked with their {@code DeleteToken} unless a dry run, and verified by reading the
     * list again.
     */
    private List<OutsideGrant> outsideGrants(IncidentSelector selector, List<Connection> selected, List<Connection> all, boolean dryRun,
                                             String actor, List<String> notSearched) {
        boolean everyUser = blank(selector.username());
        boolean everyApp = !everyUser && blank(selector.credentialsRef());
        Map<String, String> usernames = all.stream().filter(connection -> connection.salesforceUser() != null).collect(Collectors.toMap(
                connection -> connection.salesforceUser().userId(), Connection::username, (one, other) -> one));
        List<OutsideGrant> outside = new ArrayList<>();
        Set<String> searched = new HashSet<>();
        for (Connection connection : selected) {
            Supplier<ApprovalLimit.Unseen> search;
            String where;
            if (everyUser) {
                if (!searched.add(orgOf(connection) + " " + connection.credentialsRef())) {
                    continue;
                }
                search = () -> approvals.unheldOfApp(connection, all);
                where = "every user of " + connection.credentialsRef() + " in the org of connection '" + connection.id() + "'";
            } else if (everyApp) {
                if (!searched.add(connection.username().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                search = () -> approvals.unheldOfUser(connection, all);
                where = "every connected app of " + connection.username();
            } else {
                if (connection.flow() != Flow.REFRESH_TOKEN
                        || !searched.add(connection.username().toLowerCase(Locale.ROOT) + " " + connection.credentialsRef())) {
                    continue;
                }
                search = () -> approvals.unseenSince(connection, all, Instant.EPOCH);
                where = connection.username() + " and " + connection.credentialsRef();
            }
            ApprovalLimit.Unseen unheld = search.get();
            if (unheld.unread() != null) {
                notSearched.add(where + ": " + unheld.unread());
                continue;
            }
            for (SalesforceApproval grant : unheld.approvals()) {
                String user = usernames.getOrDefault(grant.userId(), everyUser ? grant.userId() : connection.username());
                outside.add(dryRun ? new OutsideGrant(user, grant, IncidentOutcome.LISTED, "would be revoked")
                        : revokeOutsideGrant(connection, user, grant, search, actor));
            }
        }
        return outside;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The org a connection logs in to: its recorded org id, else its login host. */
    private static String orgOf(Connection connection) {
        return connection.salesforceUser() != null ? connection.salesforceUser().orgId() : connection.loginHost().url().toString();
    }

    private OutsideGrant revokeOutsideGrant(Connection connection, String user, SalesforceApproval grant, Supplier<ApprovalLimit.Unseen> search,
                                            String actor) {
        boolean revoked = grant.deleteToken() != null && salesforce.revoke(connection, grant.deleteToken());
        ApprovalLimit.Unseen after = search.get();
        boolean gone = after.unread() == null && after.approvals().stream().noneMatch(listed -> listed.createdDate().equals(grant.createdDate())
                && listed.appName().equals(grant.appName()) && Objects.equals(listed.refreshTokenShown(), grant.refreshTokenShown()));
        IncidentOutcome outcome;
        String detail;
        if (after.unread() != null) {
            outcome = revoked ? IncidentOutcome.REVOKED : IncidentOutcome.FAILED;
            detail = (revoked ? "Salesforce confirmed revoking it" : "Salesforce did not revoke it") + "; not verified: " + after.unread();
        } else if (gone) {
            outcome = revoked ? IncidentOutcome.REVOKED : IncidentOutcome.ALREADY_GONE;
            // an answer that did not confirm (lost, a 5xx, a gateway's page) may still have been applied: the list decides
            detail = revoked ? "revoked through its DeleteToken; Salesforce no longer lists it" : grant.deleteToken() == null
                    ? "Salesforce no longer lists it" : "Salesforce did not confirm revoking it, but no longer lists it";
        } else {
            outcome = IncidentOutcome.FAILED;
            detail = grant.deleteToken() == null ? "Salesforce shows no DeleteToken for it: revoke it in Salesforce"
                    : "Salesforce still lists it: run the incident again, or revoke it in Salesforce";
        }
        audit.record(new AuditEvent(connection.id(), clock.instant(), actor, AuditEvent.Action.GRANT_REVOKED,
                outcome == IncidentOutcome.FAILED ? "REVOKE_FAILED" : AuditEvent.OK, null, null, null,
                "incident: a grant of " + grant.appName() + " by " + user + " the broker does not hold (created "
                        + grant.createdDate() + "): " + detail));
        return new OutsideGrant(user, grant, outcome, detail);
    }

    private RevocationReport revokeAndPurge(Connection read, RevocationTarget target, ConnectionState after) {
        RevocationReport report = revoke(read, target);
        if (!report.revokedAtSalesforce()) {
            return report;
        }
        Grant kept = target == RevocationTarget.ACCESS_TOKEN ? read.grant() : null;
        written(store.purgeTokens(read, after, kept), read.id());
        return new RevocationReport(read.id(), target, true, report.verifiedInactive(), true, report.detail());
    }

    /**
     * Revokes at Salesforce (nothing stored changes): the grant's refresh token takes its access tokens with it;
     * the access token alone leaves the grant. A token Salesforce refuses to revoke but reports inactive counts as
     * revoked. Introspection of the access token verifies the result where the connected app allows it.
     */
    private RevocationReport revoke(Connection read, RevocationTarget target) {
        Secret accessToken = read.token() == null ? null : read.token().accessToken();
        Secret revoked = target == RevocationTarget.GRANT && read.grant() != null ? read.grant().refreshToken() : accessToken;
        if (revoked == null) {
            return new RevocationReport(read.id(), target, true, null, false, "no token was stored; nothing to revoke at Salesforce");
        }
        boolean confirmed = salesforce.revoke(read, revoked);
        Boolean inactive = accessToken == null ? null : salesforce.isActive(read, accessToken).map(active -> !active).orElse(null);
        boolean done = confirmed || Boolean.FALSE.equals(salesforce.isActive(read, revoked).orElse(true));
        String what = revoked == accessToken ? "access token" : "refresh token (and its access tokens)";
        String detail = (done ? what + " revoked at Salesforce" : "Salesforce did not revoke the " + what + "; nothing was purged, retry")
                + (inactive == null ? "; not verified (introspection needs the consumer secret)"
                : inactive ? "; introspection confirms the access token is inactive" : "; introspection still reports the access token ACTIVE");
        return new RevocationReport(read.id(), target, done, inactive, false, detail);
    }

    private Connection find(String id) {
        return store.find(id).orElseThrow(() -> new ConnectionNotFoundException(id));
    }

    private LoginHost loginHost(Definition definition) {
        try {
            return hosts.loginHost(definition.loginHost(), definition.audience());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /**
     * Refuses to add an ops principal to a connection's callers unless the request consents: an operator could otherwise
     * give themselves any connection's token in one edit. The consent, and what it let in, goes into the audit detail.
     */
    private String opsPrincipalConsent(Set<String> before, Set<String> after, boolean consents) {
        List<String> added = after.stream().filter(principal -> !before.contains(principal))
                .filter(principal -> new Caller(principal).isAnyOf(opsPrincipals)).sorted().toList();
        if (!added.isEmpty() && !consents) {
            throw new InvalidRequestException("allowed_principals would let the ops principal " + String.join(", ", added)
                    + " fetch this connection's token. Operators manage connections and are not their callers: list the integration's"
                    + " own role, or send \"allow_ops_principal\": true if an ops principal must fetch it (the choice is audited)");
        }
        return !consents ? "" : "; allow_ops_principal: true" + (added.isEmpty() ? "" : ", ops principal added: " + String.join(", ", added));
    }

    private static Set<String> allowedPrincipals(Definition definition) {
        return definition.allowedPrincipals() == null ? Set.of() : AllowedPrincipals.require(definition.allowedPrincipals());
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        return value;
    }

    private void written(boolean written, String id) {
        servedTokens.forget(id);
        if (!written) {
            throw new ConcurrentChangeException(id);
        }
    }

    /** @return the audit event's id, or null if it could not be written */
    private String record(Connection connection, String actor, AuditEvent.Action action, String detail) {
        return audit.record(AuditEvent.ok(connection, clock.instant(), actor, action, null, detail));
    }

    private void publish(ConnectionEvent.Type type, Connection before, ConnectionState after, String auditId) {
        stateChanges.publish(ConnectionEvent.of(type, before, after, null, clock.instant(), auditId));
    }

    /** An event with the connection's fields before and after; a change of its callers also raises the metric. */
    private String recordChange(Connection before, Connection after, String actor, AuditEvent.Action action, String detail) {
        List<AuditEvent.Change> changes = AuditEvent.changes(before, after);
        Connection connection = after != null ? after : before;
        String auditId = audit.record(new AuditEvent(connection.id(), clock.instant(), actor, action, AuditEvent.OK, null, null, null, detail,
                changes));
        if (after != null && changes.stream().anyMatch(change -> change.field().equals(AuditEvent.ALLOWED_PRINCIPALS))) {
            metrics.allowedPrincipalsChanged(after);
        }
        return auditId;
    }
}
