package dev.sfbroker.policy;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.SessionTimeouts;
import dev.sfbroker.token.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Connected App policy audit: for every connection, read its app's metadata and its user's grants through the
 * connection's own token, apply the {@link PolicyRules}, and report. A session timeout found in the app's policy is
 * fed back into the connection, so expiry prediction uses it. New critical findings raise a metric and an audit event.
 */
public final class PolicyAudit {
    private final ConnectionStore store;
    private final OrgAdminReader reader;
    private final ConnectedAppSecrets secrets;
    private final PolicyReports reports;
    private final AuditTrail audit;
    private final RenewalEvents metrics;
    private final Clock clock;
    private final Duration renewalInterval;
    private final Duration staleAfter;

    public PolicyAudit(ConnectionStore store, OrgAdminReader reader, ConnectedAppSecrets secrets, PolicyReports reports, AuditTrail audit,
                       RenewalEvents metrics, Clock clock, Duration renewalInterval, Duration staleAfter) {
        this.store = store;
        this.reader = reader;
        this.secrets = secrets;
        this.reports = reports;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.renewalInterval = renewalInterval;
        this.staleAfter = staleAfter;
    }

    /** @param actor who asked: an operator's principal, or {@code schedule} */
    public PolicyReport run(String actor) {
        Instant now = clock.instant();
        List<Connection> connections = store.all().stream().filter(c -> c.state() == ConnectionState.ACTIVE).toList();
        Map<String, Integer> brokerGrants = new HashMap<>();
        connections.stream().filter(c -> c.flow() == Flow.REFRESH_TOKEN && c.grant() != null)
                .forEach(c -> brokerGrants.merge(c.username().toLowerCase() + " " + c.credentialsRef(), 1, Integer::sum));
        List<Finding> findings = new ArrayList<>();
        List<String> notAudited = new ArrayList<>();
        List<String> learned = new ArrayList<>();
        for (Connection connection : connections) {
            TokenSet token = connection.token();
            if (token == null || !token.isValidAt(now)) {
                notAudited.add(connection.id() + ": no valid token to read the org with (it is renewed on its next fetch or scheduled run)");
                continue;
            }
            try {
                PolicyEvidence evidence = evidence(connection, token, brokerGrants, now);
                findings.addAll(PolicyRules.evaluate(evidence));
                learnSessionTimeout(connection, evidence).ifPresent(learned::add);
            } catch (AdminReadException e) {
                notAudited.add(connection.id() + ": " + e.getMessage());
            }
        }
        PolicyReport report = compare(now, findings, notAudited, learned);
        reports.save(report);
        metrics.policyAuditRun(connections.size(), report.findings().size());
        for (Finding critical : report.newCritical()) {
            metrics.policyFinding(critical.ruleId());
            audit.record(new AuditEvent(critical.connectionId(), now, actor, AuditEvent.Action.POLICY_FINDING, critical.severity().name(),
                    null, null, null, critical.ruleId() + ": " + critical.evidence()));
        }
        return report;
    }

    private PolicyEvidence evidence(Connection connection, TokenSet token, Map<String, Integer> brokerGrants, Instant now)
            throws AdminReadException {
        ConnectedAppSettings app = null;
        String appName = secrets.appName(connection.credentialsRef()).orElse(null);
        if (appName != null) {
            app = reader.connectedApp(token.instanceUrl(), token.accessToken(), appName);
        }
        String label = app != null ? app.label() : null;
        ConnectedApplicationRow appRow = label == null ? null : reader.connectedApplications(token.instanceUrl(), token.accessToken())
                .stream().filter(row -> label.equals(row.name())).findFirst().orElse(null);
        List<OauthTokenRow> grants = label == null ? List.of() : reader.oauthTokens(token.instanceUrl(), token.accessToken()).stream()
                .filter(row -> label.equals(row.appName())).toList();
        // the connection's own token sees its user's grants; an admin token sees everyone's: keep the busiest user
        Map<String, List<OauthTokenRow>> byUser = grants.stream().collect(Collectors.groupingBy(OauthTokenRow::userId));
        List<OauthTokenRow> userGrants = byUser.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
        int held = brokerGrants.getOrDefault(connection.username().toLowerCase() + " " + connection.credentialsRef(), 0);
        return new PolicyEvidence(connection, token.instanceUrl(), app, appRow, orgSessionTimeout(token), userGrants, held,
                secrets.signingKey(connection.credentialsRef()).orElse(null), now, renewalInterval, staleAfter);
    }

    /** The org's session timeout; a user who may not read the org's security settings leaves it unknown. */
    private Duration orgSessionTimeout(TokenSet token) throws AdminReadException {
        try {
            return reader.orgSessionTimeout(token.instanceUrl(), token.accessToken()).orElse(null);
        } catch (AdminReadException e) {
            if (e.kind() == AdminReadException.Kind.NOT_PERMITTED || e.kind() == AdminReadException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private Optional<String> learnSessionTimeout(Connection connection, PolicyEvidence evidence) {
        Duration learned = evidence.effectiveSessionTimeout();
        boolean plausible = learned != null && learned.isPositive() && learned.compareTo(SessionTimeouts.LONGEST) <= 0;
        if (!plausible || learned.equals(connection.sessionTimeout())) {
            return Optional.empty();
        }
        return store.updateSessionTimeout(connection, connection.withLearnedSessionTimeout(learned))
                ? Optional.of(connection.id() + ": session timeout " + learned.toMinutes() + " min (the tighter of the app's and the org's)")
                : Optional.empty();
    }

    private PolicyReport compare(Instant now, List<Finding> findings, List<String> notAudited, List<String> learned) {
        List<Finding> previous = reports.latest().map(PolicyReport::findings).orElse(List.of());
        Set<String> before = previous.stream().map(Finding::key).collect(Collectors.toSet());
        Set<String> after = findings.stream().map(Finding::key).collect(Collectors.toSet());
        List<String> added = findings.stream().map(Finding::key).filter(key -> !before.contains(key)).distinct().toList();
        List<Finding> resolved = previous.stream().filter(f -> !after.contains(f.key())).filter(Objects::nonNull).toList();
        return new PolicyReport(now, findings, added, resolved, notAudited, learned);
    }
}
