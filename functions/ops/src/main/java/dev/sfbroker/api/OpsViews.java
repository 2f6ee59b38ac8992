package dev.sfbroker.api;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.RenewalPolicy;
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
     * @param connectedApp the old name of {@code credentialsRef}, answered until the next major version
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "ConnectionHealth")
    public record ConnectionHealth(String id, String state, String flow, String loginHost, @Nullable String audience, @Nullable String org,
                                   String username, @Nullable String credentialsRef, @Nullable @Deprecated String connectedApp, Set<String> allowedPrincipals,
                                   boolean authorised, long sessionTimeoutMinutes, String sessionTimeoutSource, @Nullable String lastRenewal,
                                   @Nullable String predictedExpiry, @Nullable String renewAt, @Nullable String tokenFingerprint, boolean outcomeUnknown,
                                   @Nullable LastError lastError) {
        static ConnectionHealth of(Connection connection, RenewalPolicy lifetimes) {
            var token = connection.token();
            return new ConnectionHealth(connection.id(), connection.state().name(), connection.flow().wireName(),
                    connection.loginHost().url().toString(), connection.loginHost().audience(),
                    token == null ? null : token.instanceUrl(), connection.username(), connection.credentialsRef(), connection.credentialsRef(),
                    connection.allowedPrincipals(), connection.flow() == Flow.JWT_BEARER || connection.grant() != null,
                    lifetimes.sessionTimeoutOf(connection).toMinutes(),
                    connection.sessionTimeoutSource() == null ? "default" : connection.sessionTimeoutSource().name().toLowerCase(Locale.ROOT),
                    token == null ? null : token.issuedAt().toString(), token == null ? null : token.expiresAt().toString(),
                    token == null ? null : token.renewAt().toString(), token == null ? null : token.fingerprint(),
                    connection.outcomeUnknown(), LastError.of(connection.currentFailure()));
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

    /** An incident revocation: what the selector took, and per connection what happened (nothing, for a dry run). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Incident")
    public record Incident(boolean dryRun, int selected, int revoked, int failed, List<IncidentConnection> connections) {
        public static Incident of(boolean dryRun, List<ConnectionOperations.IncidentEntry> entries) {
            List<IncidentConnection> connections = entries.stream().map(IncidentConnection::of).toList();
            int revoked = (int) entries.stream().filter(e -> e.report() != null && e.report().revokedAtSalesforce()).count();
            return new Incident(dryRun, entries.size(), revoked, dryRun ? 0 : entries.size() - revoked, connections);
        }
    }

    /** @param connectedApp the old name of {@code credentialsRef}, answered until the next major version */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "IncidentConnection")
    public record IncidentConnection(String connection, @Nullable String username, @Nullable String credentialsRef, @Nullable @Deprecated String connectedApp,
                                     @Nullable Revocation result) {
        static IncidentConnection of(ConnectionOperations.IncidentEntry entry) {
            return new IncidentConnection(entry.connectionId(), entry.username(), entry.credentialsRef(), entry.credentialsRef(),
                    Revocation.of(entry.report()));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Renewal")
    public record Renewal(String connection, String outcome, @Nullable String tokenFingerprint, @Nullable String predictedExpiry, @Nullable LastError error) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AuditEntry")
    public record AuditEntry(String at, @Nullable String actor, String action, @Nullable String outcome, @Nullable String salesforceError,
                             @Nullable String salesforceErrorDescription, @Nullable String tokenFingerprint, @Nullable String detail) {
        static AuditEntry of(AuditEvent event) {
            return new AuditEntry(event.at().toString(), event.actor(), event.action().name(), event.outcome(), event.salesforceError(),
                    event.salesforceDescription(), event.tokenFingerprint(), event.detail());
        }
    }
}
