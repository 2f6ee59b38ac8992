package dev.sfbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionInactiveException;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.IncidentFollowUp;
import dev.sfbroker.token.IncidentSelector;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.Onboarding;
import dev.sfbroker.token.RevocationReport;
import dev.sfbroker.token.RevocationTarget;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenSet;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Revocation against the simulator: what dies at Salesforce, what the broker keeps. */
class RevocationTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/ops";
    private static final URI CALLBACK = URI.create("https://broker.example/oauth/callback");
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void revokingAGrantKillsItsAccessTokensAtTheRestApiAndIntrospectionConfirmsIt() throws Exception {
        Onboarded connection = onboardedRefreshConnection(env.user());
        TokenSet token = tokens().tokenFor(connection.id(), CALLER);
        assertThat(rest(token)).isEqualTo(200);

        RevocationReport report = operations().revoke(connection.id(), RevocationTarget.GRANT, OPERATOR);

        assertThat(report.revokedAtSalesforce()).isTrue();
        assertThat(report.verifiedInactive()).isTrue();
        assertThat(report.purged()).isTrue();
        assertThat(rest(token)).isEqualTo(401);
        assertThat(connection.grant().revocation()).contains(SimGrant.Revocation.REVOKED);
        Connection stored = store().find(connection.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.REVOKED);
        assertThat(stored.token()).isNull();
        assertThat(stored.grant()).isNull();
        assertThatThrownBy(() -> tokens().tokenFor(connection.id(), CALLER)).isInstanceOf(ConnectionInactiveException.class);
        assertThat(actions(connection.id())).contains(AuditEvent.Action.REVOKED);
    }

    @Test
    void revokingOnlyTheAccessTokenLeavesTheGrantRenewable() throws Exception {
        Onboarded connection = onboardedRefreshConnection(env.user());
        TokenSet token = tokens().tokenFor(connection.id(), CALLER);

        RevocationReport report = operations().revoke(connection.id(), RevocationTarget.ACCESS_TOKEN, OPERATOR);

        assertThat(report.revokedAtSalesforce()).isTrue();
        assertThat(report.verifiedInactive()).isTrue();
        assertThat(rest(token)).isEqualTo(401);
        assertThat(connection.grant().isRevoked()).isFalse();
        TokenSet renewed = tokens().tokenFor(connection.id(), CALLER);
        assertThat(renewed.fingerprint()).isNotEqualTo(token.fingerprint());
        assertThat(rest(renewed)).isEqualTo(200);
        assertThat(store().find(connection.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void disablingRevokesAtSalesforceFirstAndDeletingRemovesTheConnection() throws Exception {
        Onboarded disabled = onboardedRefreshConnection(env.user());
        Onboarded deleted = onboardedRefreshConnection(env.user());

        operations().disable(disabled.id(), OPERATOR);
        operations().delete(deleted.id(), OPERATOR);

        assertThat(disabled.grant().isRevoked()).isTrue();
        assertThat(store().find(disabled.id()).orElseThrow().state()).isEqualTo(ConnectionState.DISABLED);
        assertThat(deleted.grant().isRevoked()).isTrue();
        assertThat(store().find(deleted.id())).isEmpty();
        assertThat(actions(disabled.id())).contains(AuditEvent.Action.DISABLED);
        assertThat(actions(deleted.id())).contains(AuditEvent.Action.DELETED);
    }

    @Test
    void incidentModeFindsTheGrantsTheBrokerDoesNotHoldListsThemApartThenRevokesAndVerifiesThem() throws Exception {
        SimUser compromised = env.org().addUser("outside" + IDS.incrementAndGet() + "@acme.example");
        Onboarded held = onboardedRefreshConnection(compromised);
        Onboarded forgotten = onboardedRefreshConnection(compromised);
        // the broker forgets the grant without revoking it, as it never knew another tool's or a lost answer's grant
        assertThat(store().delete(store().find(forgotten.id()).orElseThrow())).isTrue();
        IncidentSelector selector = new IncidentSelector(null, compromised.username(), null);

        ConnectionOperations.Incident planned = operations().incident(selector, true, OPERATOR);

        assertThat(planned.connections()).extracting(ConnectionOperations.IncidentEntry::connectionId).containsExactly(held.id());
        assertThat(planned.outsideGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.LISTED);
            assertThat(grant.createdDate()).isEqualTo(forgotten.grant().createdDate().truncatedTo(ChronoUnit.MILLIS));
            assertThat(grant.appName()).isEqualTo(app.name());
        });
        assertThat(forgotten.grant().isRevoked()).as("a dry run revokes nothing").isFalse();

        ConnectionOperations.Incident done = operations().incident(selector, false, OPERATOR);

        assertThat(done.outsideGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.outcome()).isEqualTo(ConnectionOperations.IncidentOutcome.REVOKED);
            assertThat(grant.detail()).contains("Salesforce no longer lists it");
        });
        assertThat(done.notSearched()).isEmpty();
        assertThat(forgotten.grant().revocation()).contains(SimGrant.Revocation.REVOKED);
        assertThat(held.grant().isRevoked()).isTrue();
    }

    @Test
    void incidentModeRevokesExactlyTheGrantsItsDryRunListedAndCarriesOnPastFailures() throws Exception {
        SimUser compromised = env.org().addUser("compromised" + IDS.incrementAndGet() + "@acme.example");
        List<String> hisConnections = List.of(onboardedRefreshConnection(compromised).id(), onboardedRefreshConnection(compromised).id());
        Onboarded bystander = onboardedRefreshConnection(env.user());
        String unreachable = "unreachable-" + IDS.incrementAndGet();
        store().create(Connection.register(unreachable, LoginHost.of("http://127.0.0.1:" + DynamoDbLocal.freePort(), null),
                compromised.username(), BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of()));
        IncidentSelector selector = new IncidentSelector(null, compromised.username(), null);

        List<ConnectionOperations.IncidentEntry> planned = operations().incident(selector, true, OPERATOR).connections();
        List<ConnectionOperations.IncidentEntry> done = operations().incident(selector, false, OPERATOR).connections();

        assertThat(planned).extracting(ConnectionOperations.IncidentEntry::connectionId)
                .containsExactlyInAnyOrderElementsOf(concat(hisConnections, unreachable));
        assertThat(planned).allSatisfy(entry -> assertThat(entry.report()).isNull());
        assertThat(done).extracting(ConnectionOperations.IncidentEntry::connectionId)
                .containsExactlyElementsOf(planned.stream().map(ConnectionOperations.IncidentEntry::connectionId).toList());
        assertThat(done).filteredOn(entry -> hisConnections.contains(entry.connectionId()))
                .allSatisfy(entry -> assertThat(entry.report().revokedAtSalesforce()).isTrue());
        assertThat(env.salesforce().grants(compromised, app)).allSatisfy(grant -> assertThat(grant.isRevoked()).isTrue());
        assertThat(bystander.grant().isRevoked()).isFalse();
        assertThat(store().find(bystander.id()).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
        hisConnections.forEach(id -> assertThat(actions(id)).contains(AuditEvent.Action.REVOKED));
        assertThat(planned).extracting(ConnectionOperations.IncidentEntry::outcome).containsOnly(ConnectionOperations.IncidentOutcome.LISTED);
        assertThat(done).filteredOn(entry -> hisConnections.contains(entry.connectionId()))
                .extracting(ConnectionOperations.IncidentEntry::outcome).containsOnly(ConnectionOperations.IncidentOutcome.REVOKED);
        assertThat(done).filteredOn(entry -> entry.connectionId().equals(unreachable))
                .extracting(ConnectionOperations.IncidentEntry::outcome).containsExactly(ConnectionOperations.IncidentOutcome.ALREADY_GONE);
        assertThat(store().find(unreachable).orElseThrow().state()).as("it mints nothing any more").isEqualTo(ConnectionState.REVOKED);
        assertThat(IncidentFollowUp.steps(selector, done))
                .anySatisfy(step -> assertThat(step).contains("Secure the user " + compromised.username()))
                .anySatisfy(step -> assertThat(step).contains("/authorization").contains(hisConnections.getFirst()))
                .anySatisfy(step -> assertThat(step).contains("/enable").contains(unreachable))
                .anySatisfy(step -> assertThat(step).contains("Connected Apps OAuth Usage"))
                .noneSatisfy(step -> assertThat(step).contains("consumer secret"));
    }

    private static List<String> concat(List<String> ids, String id) {
        return java.util.stream.Stream.concat(ids.stream(), java.util.stream.Stream.of(id)).toList();
    }

    /** A refresh-token connection onboarded through the simulator's web-server flow, with its grant there. */
    private record Onboarded(String id, SimGrant grant) {
    }

    private static SimConnectedApp app;

    private Onboarded onboardedRefreshConnection(SimUser user) throws Exception {
        if (app == null) {
            app = env.org().addConnectedApp("Ops App").callbackUrl(CALLBACK.toString()).refreshTokenRotation(true);
            env.writeClientSecret("apps/ops", app.consumerKey(), app.consumerSecret());
        }
        app.authorizeAs(user);
        String id = "ops-" + IDS.incrementAndGet();
        store().create(Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null), user.username(), "apps/ops",
                Flow.REFRESH_TOKEN, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE)));
        Onboarding onboarding = env.context().getBean(Onboarding.class);
        URI authorize = onboarding.begin(id, CALLBACK, OPERATOR, false).authorizeUrl();
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> query = Arrays.stream(URI.create(redirect.headers().firstValue("location").orElseThrow()).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        TokenSet token = onboarding.complete(query.get("state"), query.get("code"), CALLBACK);
        SimGrant grant = env.salesforce().grant(store().find(id).orElseThrow().grant().refreshToken().reveal()).orElseThrow();
        assertThat(token).isNotNull();
        return new Onboarded(id, grant);
    }

    private int rest(TokenSet token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(token.instanceUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "Bearer " + token.accessToken().reveal()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<AuditEvent.Action> actions(String id) {
        return env.context().getBean(AuditTrail.class).forConnection(id, 20).stream().map(AuditEvent::action).toList();
    }

    private static ConnectionOperations operations() {
        return env.context().getBean(ConnectionOperations.class);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }
}
