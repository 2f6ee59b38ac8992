package dev.sfbroker.token;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What operators do with connections: register, change, disable, enable and delete them, renew one now, revoke
 * one (the access token alone, or the grant), and in an incident revoke every grant of a connected app, a user
 * or an org. Disabling and deleting revoke at Salesforce first. Every action leaves an audit event.
 */
public final class ConnectionOperations {

    /** What defines a connection, as an operator registers or changes it. */
    public record Definition(String loginHost, String audience, String username, String credentialsRef, Flow flow,
                             Duration sessionTimeout, Set<String> allowedPrincipals) {

        /** A connection's definition as it stands; a learned session timeout is not part of it (it is Salesforce's). */
        public static Definition of(Connection connection) {
            return new Definition(connection.loginHost().url().toString(), connection.loginHost().audience(), connection.username(),
                    connection.credentialsRef(), connection.flow(), connection.configuredSessionTimeout(), connection.allowedPrincipals());
        }
    }

    /** One connection an incident revocation selected, and (unless it was a dry run) what revoking it did. */
    public record IncidentEntry(String connectionId, String username, String credentialsRef, RevocationReport report) {
    }

    private final ConnectionStore store;
    private final AuthorizationServer salesforce;
    private final Renewer renewer;
    private final AuditTrail audit;
    private final Clock clock;
    private final SalesforceHosts hosts;
    private final ServedTokenCache servedTokens;

    public ConnectionOperations(ConnectionStore store, AuthorizationServer salesforce, Renewer renewer, AuditTrail audit, Clock clock,
                                SalesforceHosts hosts, ServedTokenCache servedTokens) {
        this.servedTokens = servedTokens;
        this.store = store;
        this.salesforce = salesforce;
        this.renewer = renewer;
        this.audit = audit;
        this.clock = clock;
        this.hosts = hosts;
    }

    public Connection register(String id, Definition definition, String actor) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new InvalidRequestException("connection id must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        Connection connection = Connection.register(id, loginHost(definition), required(definition.username(), "username"),
                required(definition.credentialsRef(), "credentials_ref"), definition.flow() == null ? Flow.JWT_BEARER : definition.flow(),
                SessionTimeouts.requireOffered(definition.sessionTimeout()), allowedPrincipals(definition));
        if (!store.create(connection)) {
            throw new ConnectionExistsException(id);
        }
        record(connection, actor, AuditEvent.Action.REGISTERED, connection.flow().wireName() + " for " + connection.username());
        return connection;
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
        Connection updated = current.withDefinition(loginHost, username, credentialsRef, sessionTimeout, allowedPrincipals);
        written(store.updateDefinition(current, updated), id);
        record(read, actor, AuditEvent.Action.UPDATED, "definition changed");
        return find(id);
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

    /** Revokes at Salesforce first, then disables; tokens are purged. */
    public RevocationReport disable(String id, String actor) {
        RevocationReport report = revokeAndPurge(find(id), RevocationTarget.GRANT, ConnectionState.DISABLED);
        record(find(id), actor, AuditEvent.Action.DISABLED, report.detail());
        return report;
    }

    /** A JWT connection mints on its next fetch; a refresh-token connection needs authorising again. */
    public Connection enable(String id, String actor) {
        Connection read = find(id);
        if (read.state() != ConnectionState.DISABLED) {
            throw new InvalidRequestException("connection '" + id + "' is " + read.state() + ", not DISABLED");
        }
        written(store.purgeTokens(read, ConnectionState.ACTIVE, null), id);
        record(read, actor, AuditEvent.Action.ENABLED, read.flow() == Flow.REFRESH_TOKEN
                ? "authorise it again (POST /ops/connections/" + id + "/authorization)" : "mints on its next fetch");
        return find(id);
    }

    /** Revokes at Salesforce first, then deletes; a failed revocation keeps the connection, so it can be retried. */
    public RevocationReport delete(String id, String actor) {
        Connection read = find(id);
        RevocationReport report = revoke(read, RevocationTarget.GRANT);
        if (!report.revokedAtSalesforce()) {
            return report;
        }
        written(store.delete(find(id)), id);
        record(read, actor, AuditEvent.Action.DELETED, report.detail());
        return new RevocationReport(id, RevocationTarget.GRANT, true, report.verifiedInactive(), true, report.detail() + "; connection deleted");
    }

    public RevocationReport revoke(String id, RevocationTarget target, String actor) {
        Connection read = find(id);
        RevocationReport report = revokeAndPurge(read, target, target == RevocationTarget.GRANT ? ConnectionState.REVOKED : read.state());
        record(read, actor, AuditEvent.Action.REVOKED, target.wireName() + ": " + report.detail());
        return report;
    }

    /** Every grant the selector takes; a dry run only lists them. Carries on past individual failures. */
    public List<IncidentEntry> incident(IncidentSelector selector, boolean dryRun, String actor) {
        List<IncidentEntry> entries = new ArrayList<>();
        for (Connection connection : store.all()) {
            if (!selector.selects(connection)) {
                continue;
            }
            RevocationReport report = null;
            if (!dryRun) {
                try {
                    report = revoke(connection.id(), RevocationTarget.GRANT, actor);
                } catch (RuntimeException e) {
                    report = new RevocationReport(connection.id(), RevocationTarget.GRANT, false, null, false,
                            "failed: " + e.getMessage());
                }
            }
            entries.add(new IncidentEntry(connection.id(), connection.username(), connection.credentialsRef(), report));
        }
        return entries;
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

    private void record(Connection connection, String actor, AuditEvent.Action action, String detail) {
        audit.record(AuditEvent.ok(connection, clock.instant(), actor, action, null, detail));
    }
}
