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
 * connection's own token, apply the {@link PolicyRules}, and report. What it could not check, and why, is reported
 * as findings of their own ({@link NotChecked}). A session timeout found in the app's policy is
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
        List<Connection> connections = store.all();
        Map<String, Integer> brokerGrants = new HashMap<>();
        connections.stream().filter(c -> c.state() == ConnectionState.ACTIVE && c.flow() == Flow.REFRESH_TOKEN && c.grant() != null)
                .forEach(c -> brokerGrants.merge(c.username().toLowerCase() + " " + c.credentialsRef(), 1, Integer::sum));
        List<Finding> findings = new ArrayList<>();
        List<String> learned = new ArrayList<>();
        for (Connection connection : connections) {
            TokenSet token = connection.token();
            if (connection.state() != ConnectionState.ACTIVE) {
                findings.add(NotChecked.inactive(connection));
                continue;
            }
            if (token == null || !token.isValidAt(now)) {
                findings.add(NotChecked.noToken(connection));
                continue;
            }
            try {
                List<Finding> notChecked = new ArrayList<>();
                PolicyEvidence evidence = evidence(connection, token, brokerGrants, now, notChecked);
                findings.addAll(notChecked);
                findings.addAll(PolicyRules.evaluate(evidence));
                learnSessionTimeout(connection, evidence).ifPresent(learned::add);
            } catch (AdminReadException e) {
                findings.add(NotChecked.unreadable(connection, token.instanceUrl(), e));
            }
        }
        PolicyReport report = compare(now, findings, learned);
        reports.save(report);
        metrics.policyAuditRun(connections.size(), report.findings().size());
        for (Finding critical : report.newCritical()) {
            metrics.policyFinding(critical.ruleId());
            audit.record(new AuditEvent(critical.connectionId(), now, actor, AuditEvent.Action.POLICY_FINDING, critical.severity().name(),
                    null, null, null, critical.ruleId() + ": " + critical.evidence()));
        }
        return report;
    }

    /** @param notChecked receives what could not be read (the evidence then lacks it) */
    private PolicyEvidence evidence(Connection connection, TokenSet token, Map<String, Integer> brokerGrants, Instant now,
                                    List<Finding> notChecked) throws AdminReadException {
        ConnectedAppSettings app = null;
        String appName = secrets.appName(connection.credentialsRef()).orElse(null);
        if (appName == null) {
            notChecked.add(NotChecked.noAppName(connection, token.instanceUrl()));
        } else {
            try {
                app = reader.connectedApp(token.instanceUrl(), token.accessToken(), appName);
            } catch (AdminReadException e) {
                notChecked.add(NotChecked.appMetadataUnread(connection, token.instanceUrl(), appName, e));
            }
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
        PolicyEvidence withoutOrgTimeout = new PolicyEvidence(connection, token.instanceUrl(), app, appRow, null, userGrants, held,
                secrets.signingKey(connection.credentialsRef()).orElse(null), now, renewalInterval, staleAfter);
        try {
            Duration orgTimeout = reader.orgSessionTimeout(token.instanceUrl(), token.accessToken()).orElse(null);
            return withoutOrgTimeout.withOrgSessionTimeout(orgTimeout);
        } catch (AdminReadException e) {
            // a user who may not read the org's security settings leaves the org's timeout unknown, and says so
            if (e.kind() != AdminReadException.Kind.NOT_PERMITTED && e.kind() != AdminReadException.Kind.NOT_FOUND) {
                throw e;
            }
            notChecked.add(NotChecked.orgSessionSettingsUnread(withoutOrgTimeout, e));
            return withoutOrgTimeout;
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

    private PolicyReport compare(Instant now, List<Finding> findings, List<String> learned) {
        List<Finding> previous = reports.latest().map(PolicyReport::findings).orElse(List.of());
        Set<String> before = previous.stream().map(Finding::key).collect(Collectors.toSet());
        Set<String> after = findings.stream().map(Finding::key).collect(Collectors.toSet());
        List<String> added = findings.stream().map(Finding::key).filter(key -> !before.contains(key)).distinct().toList();
        List<Finding> resolved = previous.stream().filter(f -> !after.contains(f.key())).filter(Objects::nonNull).toList();
        return new PolicyReport(now, findings, added, resolved, learned);
    }
}
