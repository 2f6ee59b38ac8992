package dev.sfbroker.api;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.IncidentFollowUp;
import dev.sfbroker.token.IncidentSelector;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.RevocationReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The JSON shapes of the ops API and of the ops direct-invoke handler. Never a token: fingerprints only. */
public final class OpsViews {
    private OpsViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "LastError")
    public record LastError(String failureClass, @Nullable String salesforceError, @Nullable String salesforceErrorDescription, @Nullable String cause, @Nullable String fix,
                            String at) {
        static LastError of(Failure failure) {
            return failure == null ? null : new LastError(failure.failureClass().name(), failure.salesforceError(),
                    failure.salesforceDescription(), failure.cause(), failure.fix(), failure.at().toString());
        }
    }

    /**
     * A connection's health: state, what it is, its current token by fingerprint, its session timeout and where it came
     * from ({@code configured}, {@code learned} by the policy audit, or the broker's {@code default}), and the error it is
     * in now (none once a later renewal succeeded; the audit trail keeps the history).
     *
     * @param loginBudgetPerHour the connection's own login budget, or null when it uses {@code broker.login-budget.per-hour}
     * @param connectedApp the old name of {@code credentialsRef}, answered until the next major version
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "ConnectionHealth")
    public record ConnectionHealth(String id, String state, String flow, String loginHost, @Nullable String audience, @Nullable String org,
                                   String username, @Nullable String credentialsRef, @Nullable @Deprecated String connectedApp, Set<String> allowedPrincipals,
                                   boolean authorised, long sessionTimeoutMinutes, String sessionTimeoutSource, @Nullable Integer loginBudgetPerHour,
                                   @Nullable String lastRenewal, @Nullable String predictedExpiry, @Nullable String renewAt, @Nullable String tokenFingerprint,
                                   boolean outcomeUnknown, @Nullable LastError lastError,
                                   @Nullable List<String> warnings) {
        static ConnectionHealth of(Connection connection, RenewalPolicy lifetimes) {
            return of(connection, lifetimes, null);
        }

        /** @param warnings what the operator should know about a registration; null (left out) for every other answer */
        static ConnectionHealth of(Connection connection, RenewalPolicy lifetimes, List<String> warnings) {
            var token = connection.token();
            return new ConnectionHealth(connection.id(), connection.state().name(), connection.flow().wireName(),
                    connection.loginHost().url().toString(), connection.loginHost().audience(),
                    token == null ? null : token.instanceUrl(), connection.username(), connection.credentialsRef(), connection.credentialsRef(),
                    connection.allowedPrincipals(), connection.flow() == Flow.JWT_BEARER || connection.grant() != null,
                    lifetimes.sessionTimeoutOf(connection).toMinutes(),
                    connection.sessionTimeoutSource() == null ? "default" : connection.sessionTimeoutSource().name().toLowerCase(Locale.ROOT),
                    connection.loginBudgetPerHour(),
                    token == null ? null : token.issuedAt().toString(), token == null ? null : token.expiresAt().toString(),
                    token == null ? null : token.renewAt().toString(), token == null ? null : token.fingerprint(),
                    connection.outcomeUnknown(), LastError.of(connection.currentFailure()), warnings);
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Revocation")
    public record Revocation(String connection, String target, boolean revokedAtSalesforce, @Nullable Boolean verifiedInactive, boolean purged,
                             @Nullable String detail) {
        public static Revocation of(RevocationReport report) {
            return report == null ? null : new Revocation(report.connectionId(), report.target().wireName(),
                    report.revokedAtSalesforce(), report.verifiedInactive(), report.purged(), report.detail());
        }
    }

    /**
     * An incident revocation: what the selector took, per connection what happened ({@code listed} in a dry run,
     * {@code revoked}, {@code already_gone}, {@code failed}), and what the operator must still do by hand.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Incident")
    public record Incident(boolean dryRun, int selected, int revoked, int alreadyGone, int failed, List<IncidentConnection> connections,
                           List<OutsideGrant> outsideGrants, List<String> notSearched, List<String> stillToDo) {
        public static Incident of(boolean dryRun, IncidentSelector selector, ConnectionOperations.Incident incident) {
            List<ConnectionOperations.IncidentEntry> entries = incident.connections();
            List<IncidentConnection> connections = entries.stream().map(IncidentConnection::of).toList();
            return new Incident(dryRun, entries.size(), count(entries, ConnectionOperations.IncidentOutcome.REVOKED),
                    count(entries, ConnectionOperations.IncidentOutcome.ALREADY_GONE), count(entries, ConnectionOperations.IncidentOutcome.FAILED),
                    connections, incident.outsideGrants().stream().map(OutsideGrant::of).toList(), incident.notSearched(),
                    IncidentFollowUp.steps(selector, entries));
        }

        private static int count(List<ConnectionOperations.IncidentEntry> entries, ConnectionOperations.IncidentOutcome outcome) {
            return (int) entries.stream().filter(entry -> entry.outcome() == outcome).count();
        }
    }

    /**
     * A grant of a selected user and app the broker does not hold: {@code listed}, {@code revoked}, {@code already_gone} or
     * {@code failed}. {@code user} is the username, or the Salesforce user id of a user no connection of the broker names.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record OutsideGrant(String app, String user, String created, String lastUsed, String outcome, String detail) {
        static OutsideGrant of(ConnectionOperations.OutsideGrant grant) {
            return new OutsideGrant(grant.appName(), grant.username(), String.valueOf(grant.createdDate()),
                    grant.lastUsedDate() == null ? null : grant.lastUsedDate().toString(), grant.outcome().name().toLowerCase(Locale.ROOT),
                    grant.detail());
        }
    }

    /** @param connectedApp the old name of {@code credentialsRef}, answered until the next major version */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "IncidentConnection")
    public record IncidentConnection(String connection, @Nullable String username, @Nullable String credentialsRef, @Nullable @Deprecated String connectedApp,
                                     String outcome, @Nullable Revocation result) {
        static IncidentConnection of(ConnectionOperations.IncidentEntry entry) {
            return new IncidentConnection(entry.connectionId(), entry.username(), entry.credentialsRef(), entry.credentialsRef(),
                    entry.outcome().name().toLowerCase(Locale.ROOT), Revocation.of(entry.report()));
        }
    }

    /** What a renewal or an operator's retry came to: {@code renewed}, {@code busy}, or {@code failed} with the error. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Renewal")
    public record Renewal(String connection, String outcome, @Nullable String tokenFingerprint, @Nullable String predictedExpiry,
                          @Nullable LastError error) {
        public static Renewal of(String connection, Renewer.Outcome outcome) {
            return switch (outcome) {
                case Renewer.Outcome.Renewed renewed -> new Renewal(connection, "renewed", renewed.token().fingerprint(),
                        renewed.token().expiresAt().toString(), null);
                case Renewer.Outcome.Busy busy -> new Renewal(connection, "busy", null, null, null);
                case Renewer.Outcome.Failed failed -> new Renewal(connection, "failed", null, null, LastError.of(failed.failure()));
            };
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AuditEntry")
    public record AuditEntry(String at, @Nullable String actor, String action, @Nullable String outcome, @Nullable String salesforceError,
                             @Nullable String salesforceErrorDescription, @Nullable String tokenFingerprint, @Nullable String detail,
                             @Nullable List<Change> changes) {
        static AuditEntry of(AuditEvent event) {
            return new AuditEntry(event.at().toString(), event.actor(), event.action().name(), event.outcome(), event.salesforceError(),
                    event.salesforceDescription(), event.tokenFingerprint(), event.detail(),
                    event.changes().isEmpty() ? null : event.changes().stream().map(Change::of).toList());
        }
    }

    /** A field an operator's action changed, before and after (null: no value). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Change")
    public record Change(String field, @Nullable String before, @Nullable String after) {
        static Change of(AuditEvent.Change change) {
            return new Change(change.field(), change.before(), change.after());
        }
    }
}
