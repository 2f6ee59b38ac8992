package dev.sfbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionEvent;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.Grant;
import dev.sfbroker.token.Lease;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.PendingAuthorization;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.SalesforceUser;
import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import java.lang.reflect.Proxy;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The audit over in-memory ports: each thing it cannot read becomes a NOT_CHECKED finding that says what went
 * unchecked and why, and an org it reads fully leaves none.
 */
class PolicyAuditNotCheckedTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String ORG = "https://acme.my.salesforce.com";

    private final Connections store = new Connections();
    private final Reader reader = new Reader();
    private final Map<String, String> appNames = new LinkedHashMap<>();

    @Test
    void aSecretWithoutTheAppsNameLeavesTheAppsRulesUncheckedAndSaysSo() {
        store.add(active("unnamed", "apps/unnamed"));

        List<Finding> findings = audit().findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo(NotChecked.APP_METADATA);
            assertThat(f.severity()).isEqualTo(Severity.NOT_CHECKED);
            assertThat(f.evidence()).contains("apps/unnamed").contains("no connected_app field").contains("refresh-token-policy");
            assertThat(f.fix()).contains("connected_app");
        });
    }

    @Test
    void metadataTheUserMayNotReadIsNotCheckedWithSalesforcesReasonAndWhatPermissionToGive() {
        store.add(active("denied", "apps/denied"));
        appNames.put("apps/denied", "Token_Broker");
        reader.metadataFailure = new AdminReadException(AdminReadException.Kind.NOT_PERMITTED, "Salesforce refused readMetadata (INSUFFICIENT_ACCESS)");
        reader.sessionSettingsFailure = reader.metadataFailure;

        List<Finding> findings = audit().findings();

        assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrder(NotChecked.APP_METADATA, NotChecked.ORG_SESSION_SETTINGS);
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.NOT_CHECKED);
            assertThat(f.evidence()).contains("INSUFFICIENT_ACCESS");
            assertThat(f.fix()).contains("Metadata API");
        });
    }

    @Test
    void aMetadataReadThatFailsIsNotCheckedAndTheRestOfTheRunGoesOn() {
        store.add(active("flaky", "apps/flaky"));
        store.add(active("other", "apps/other"));
        appNames.put("apps/flaky", "Token_Broker");
        reader.metadataFailure = new AdminReadException(AdminReadException.Kind.UNREACHABLE, "Salesforce answered HTTP 503; try again later");

        PolicyReport report = audit();

        assertThat(report.findings()).filteredOn(f -> f.connectionId().equals("flaky")).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo(NotChecked.APP_METADATA);
            assertThat(f.evidence()).contains("could not be read").contains("HTTP 503");
            assertThat(f.fix()).contains("again later");
        });
        assertThat(report.findings()).filteredOn(f -> f.connectionId().equals("other")).extracting(Finding::ruleId)
                .containsExactly(NotChecked.APP_METADATA);
    }

    @Test
    void aConnectionThatIsNotActiveOrHasNoTokenIsNotCheckedAtAll() {
        store.add(withState(active("blocked", "apps/x"), ConnectionState.NEEDS_REAUTH));
        store.add(Connection.register("fresh", LoginHost.of(ORG, null), "integration@acme.example", "apps/x", Flow.JWT_BEARER, null,
                Set.of()));
        appNames.put("apps/x", "Token_Broker");

        List<Finding> findings = audit().findings();

        assertThat(findings).extracting(Finding::connectionId, Finding::ruleId).containsExactlyInAnyOrder(
                tuple("blocked", NotChecked.CONNECTION), tuple("fresh", NotChecked.CONNECTION));
        assertThat(findings).filteredOn(f -> f.connectionId().equals("blocked")).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("NEEDS_REAUTH"));
        assertThat(findings).filteredOn(f -> f.connectionId().equals("fresh")).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("no valid token"));
    }

    @Test
    void anOrgThatCannotBeQueriedIsNotCheckedAndTheFixFollowsWhy() {
        store.add(active("rejected", "apps/rejected"));
        appNames.put("apps/rejected", "Token_Broker");
        reader.queryFailure = new AdminReadException(AdminReadException.Kind.SESSION_REJECTED, "Salesforce rejected the access token");

        assertThat(audit().findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo(NotChecked.CONNECTION);
            assertThat(f.evidence()).contains("rejected the access token");
            assertThat(f.fix()).contains("next renewal");
        });
    }

    @Test
    void anOrgReadInFullLeavesNothingUnchecked() {
        store.add(active("clean", "apps/clean"));
        appNames.put("apps/clean", "Token_Broker");

        assertThat(audit().findings()).noneMatch(f -> f.severity() == Severity.NOT_CHECKED);
    }

    private PolicyReport audit() {
        ConnectedAppSecrets secrets = new ConnectedAppSecrets() {
            @Override
            public Optional<String> appName(String credentialsRef) {
                return Optional.ofNullable(appNames.get(credentialsRef));
            }

            @Override
            public Optional<PrivateKey> signingKey(String credentialsRef) {
                return Optional.empty();
            }
        };
        return new PolicyAudit(store, reader, secrets, new Reports(), new NoAudit(), noMetrics(), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(5), Duration.ofDays(30)).run("test");
    }

    private static Connection active(String id, String credentialsRef) {
        Connection registered = Connection.register(id, LoginHost.of(ORG, null), "integration@acme.example", credentialsRef, Flow.JWT_BEARER,
                null, Set.of());
        TokenSet token = new TokenSet(Secret.of("00Dxx0000001gPL!test"), ORG, "Bearer", NOW.minusSeconds(60), NOW.plusSeconds(3600),
                NOW.plusSeconds(3000));
        return new Connection(id, registered.loginHost(), registered.username(), credentialsRef, Flow.JWT_BEARER, null, null, Set.of(), null,
                ConnectionState.ACTIVE, null, token, null, null, null, false, null, null, 1);
    }

    private static Connection withState(Connection c, ConnectionState state) {
        return new Connection(c.id(), c.loginHost(), c.username(), c.credentialsRef(), c.flow(), null, null, Set.of(), null, state, null, c.token(),
                null, null, null, false, null, null, c.version());
    }

    /** An org whose app (a clean one, timeout 120 min) and settings read as the test says. */
    private static final class Reader implements OrgAdminReader {
        AdminReadException metadataFailure;
        AdminReadException sessionSettingsFailure;
        AdminReadException queryFailure;

        @Override
        public ConnectedAppSettings connectedApp(String instanceUrl, Secret accessToken, String fullName) throws AdminReadException {
            if (metadataFailure != null) {
                throw metadataFailure;
            }
            return new ConnectedAppSettings(fullName, "Token Broker", null, true, List.of(), List.of("Integration"), true, false, false, true,
                    List.of("Api", "RefreshToken"), null, null, "ENFORCE", "infinite", 120);
        }

        @Override
        public Optional<Duration> orgSessionTimeout(String instanceUrl, Secret accessToken) throws AdminReadException {
            if (sessionSettingsFailure != null) {
                throw sessionSettingsFailure;
            }
            return Optional.of(Duration.ofHours(2));
        }

        @Override
        public List<OauthTokenRow> oauthTokens(String instanceUrl, Secret accessToken) throws AdminReadException {
            if (queryFailure != null) {
                throw queryFailure;
            }
            return List.of();
        }

        @Override
        public List<ConnectedApplicationRow> connectedApplications(String instanceUrl, Secret accessToken) throws AdminReadException {
            if (queryFailure != null) {
                throw queryFailure;
            }
            return List.of();
        }
    }

    /** The connections the audit lists and learns session timeouts into; it never renews, so nothing else is served. */
    private static final class Connections implements ConnectionStore {
        private final Map<String, Connection> connections = new LinkedHashMap<>();

        void add(Connection connection) {
            connections.put(connection.id(), connection);
        }

        @Override
        public List<Connection> all() {
            return new ArrayList<>(connections.values());
        }

        @Override
        public Optional<Connection> find(String id) {
            return Optional.ofNullable(connections.get(id));
        }

        @Override
        public List<Connection> findEach(List<String> ids) {
            return ids.stream().map(connections::get).filter(Objects::nonNull).toList();
        }

        @Override
        public boolean updateDefinition(Connection read, Connection updated) {
            connections.put(updated.id(), updated);
            return true;
        }

        @Override
        public boolean updateSessionTimeout(Connection read, Connection updated) {
            return updateDefinition(read, updated);
        }

        @Override
        public boolean create(Connection connection) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Connection> acquireLease(Connection read, Lease lease, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean completeRenewal(Connection leased, TokenSet token, Grant grant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean releaseLease(Connection leased, Failure failure, Instant retryAfter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean block(Connection read, ConnectionState state, Failure failure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean beginAuthorization(Connection read, PendingAuthorization pending) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean completeAuthorization(Connection read, TokenSet token, Grant grant, SalesforceUser user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean startCodeExchange(Connection read, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean purgeTokens(Connection read, ConnectionState state, Grant keptGrant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(Connection read) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> dueForRenewal(Instant by) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Reports implements PolicyReports {
        private PolicyReport latest;

        @Override
        public void save(PolicyReport report) {
            latest = report;
        }

        @Override
        public Optional<PolicyReport> latest() {
            return Optional.ofNullable(latest);
        }
    }

    private static final class NoAudit implements AuditTrail {
        @Override
        public String record(AuditEvent event) {
            return null;
        }

        @Override
        public List<AuditEvent> forConnection(String connectionId, int limit) {
            return List.of();
        }
    }

    /** Metrics are not what these tests look at: every RenewalEvents method is a void no-op. */
    private static RenewalEvents noMetrics() {
        return (RenewalEvents) Proxy.newProxyInstance(RenewalEvents.class.getClassLoader(), new Class<?>[] {RenewalEvents.class},
                (proxy, method, arguments) -> null);
    }
}
