package dev.sfbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.IpRelaxation;
import dev.sfbroker.simulator.PermittedUsers;
import dev.sfbroker.simulator.RefreshTokenPolicy;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.Onboarding;
import dev.sfbroker.token.TokenService;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy rule against the simulator: an org configured to trigger it, and one configured not to. The audit
 * reads the org through each connection's own token, with the real readers (SOQL, Metadata API).
 */
class PolicyRulesTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final String CALLBACK = "https://broker.example/oauth/callback";
    private static final String VERIFIER = "policy-audit-test-verifier-0123456789-abcdefghijklmnop";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    /** A connection whose org is set up for one case: its flow, its app's settings, and anything else done there. */
    record Setup(Flow flow, Consumer<SimConnectedApp> app, Consumer<World> after) {
    }

    record World(String connectionId, SimConnectedApp app, SimUser user) {
    }

    record Case(String rule, Severity severity, Setup triggering, Setup clean) {
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("refresh-token-policy", Severity.CRITICAL, refresh(app -> app.refreshTokenPolicy(RefreshTokenPolicy.zero())), refresh(app -> { })),
                rule("rotation-shared-grant", Severity.CRITICAL, refresh(app -> app.refreshTokenRotation(true), PolicyRulesTest::foreignGrant),
                        refresh(app -> app.refreshTokenRotation(true))),
                rule("session-timeout", Severity.CRITICAL, jwt(app -> app.sessionTimeout(Duration.ofMinutes(10))),
                        jwt(app -> app.sessionTimeout(Duration.ofMinutes(120)))),
                rule("approvals-near-limit", Severity.WARNING, refresh(app -> { }, w -> { foreignGrant(w); foreignGrant(w); foreignGrant(w); }),
                        refresh(app -> { }, PolicyRulesTest::foreignGrant)),
                rule("stale-grant", Severity.WARNING, refresh(app -> { }, PolicyRulesTest::grantFortyDaysAgo), refresh(app -> { })),
                rule("unknown-grant", Severity.WARNING, refresh(app -> { }, PolicyRulesTest::foreignGrant), refresh(app -> { })),
                rule("jwt-certificate", Severity.WARNING, new Setup(Flow.JWT_BEARER, app -> { }, PolicyRulesTest::certificateExpiringIn20Days),
                        jwt(app -> { })),
                rule("jwt-certificate", Severity.CRITICAL, new Setup(Flow.JWT_BEARER, app -> { }, PolicyRulesTest::certificateOfAnotherKey),
                        jwt(app -> { })),
                rule("self-authorize", Severity.WARNING, new Setup(Flow.JWT_BEARER, app -> app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE),
                        w -> { }), jwt(app -> { })),
                rule("ip-relaxation", Severity.WARNING, jwt(app -> app.ipRelaxation(IpRelaxation.BYPASS)), jwt(app -> app.ipRelaxation(IpRelaxation.ENFORCE))),
                rule("full-scope", Severity.WARNING, jwt(app -> app.scopes("api", "refresh_token", "full")), jwt(app -> { })),
                rule("pkce-not-required", Severity.WARNING, refresh(app -> app.pkceRequired(false)), refresh(app -> { })),
                rule("refresh-without-secret", Severity.WARNING, refresh(app -> app.secretRequiredForRefreshToken(false)), refresh(app -> { })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleFiresOnTheOrgSetUpToTriggerItAndNotOnTheCleanOne(Case rule) throws Exception {
        String triggering = connect(rule.triggering());
        String clean = connect(rule.clean());

        PolicyReport report = env.context().getBean(PolicyAudit.class).run("arn:aws:iam::123456789012:role/ops");

        assertThat(report.findings()).filteredOn(f -> f.severity() == Severity.NOT_CHECKED)
                .noneMatch(f -> f.connectionId().equals(triggering) || f.connectionId().equals(clean));
        assertThat(findings(report, triggering, rule.rule())).extracting(Finding::severity).contains(rule.severity());
        assertThat(findings(report, triggering, rule.rule())).allSatisfy(f -> {
            assertThat(f.evidence()).isNotBlank();
            assertThat(f.fix()).isNotBlank();
        });
        assertThat(findings(report, clean, rule.rule())).isEmpty();
    }

    @Test
    void aSecondRunMarksNothingNewAndNewCriticalFindingsLeaveAnAuditEvent() throws Exception {
        String id = connect(refresh(app -> app.refreshTokenPolicy(RefreshTokenPolicy.zero())));
        PolicyAudit audit = env.context().getBean(PolicyAudit.class);

        PolicyReport first = audit.run("ops");
        PolicyReport second = audit.run("ops");

        assertThat(first.newFindings()).contains(id + "/refresh-token-policy");
        assertThat(second.newFindings()).doesNotContain(id + "/refresh-token-policy");
        assertThat(env.context().getBean(dev.sfbroker.token.AuditTrail.class).forConnection(id, 10))
                .filteredOn(event -> event.action() == AuditEvent.Action.POLICY_FINDING).hasSize(1);
        assertThat(PolicyTable.render(first)).contains("| " + id + " |").contains("CRITICAL `refresh-token-policy` (new)");
    }

    @Test
    void whatTheAuditCouldNotCheckIsAFindingOfItsOwnThatSaysWhyAndWhatToDo() throws Exception {
        String noAppName = connect(jwt(app -> { }, world -> env.writeSecret("apps/" + world.connectionId(), world.app().consumerKey(),
                env.keys().privateKeyPem())));
        String noMetadataAccess = connect(jwt(app -> { }, world -> world.user().modifyMetadata(false)));
        String disabled = connect(jwt(app -> { }));
        env.context().getBean(ConnectionOperations.class).disable(disabled, "ops");
        String neverFetched = "policy-" + IDS.incrementAndGet();
        env.context().getBean(ConnectionStore.class).create(Connection.register(neverFetched, LoginHost.of(env.salesforce().baseUrl(), null),
                env.user().username(), BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE)));

        PolicyReport report = env.context().getBean(PolicyAudit.class).run("ops");

        assertThat(notChecked(report, noAppName, NotChecked.APP_METADATA)).contains("no connected_app field").contains("jwt-certificate");
        assertThat(findings(report, noAppName, "jwt-certificate")).isEmpty();
        assertThat(notChecked(report, noMetadataAccess, NotChecked.APP_METADATA)).contains("INSUFFICIENT_ACCESS");
        assertThat(notChecked(report, noMetadataAccess, NotChecked.ORG_SESSION_SETTINGS)).contains("INSUFFICIENT_ACCESS");
        assertThat(findings(report, noMetadataAccess, NotChecked.APP_METADATA).getFirst().fix()).contains("Metadata API");
        assertThat(notChecked(report, disabled, NotChecked.CONNECTION)).contains("DISABLED");
        assertThat(notChecked(report, neverFetched, NotChecked.CONNECTION)).contains("no valid token");
        assertThat(PolicyTable.render(report)).contains("NOT_CHECKED `" + NotChecked.APP_METADATA + "` (new)");
    }

    /** The evidence of the one NOT_CHECKED finding of {@code rule} on the connection. */
    private static String notChecked(PolicyReport report, String connection, String rule) {
        List<Finding> found = findings(report, connection, rule);
        assertThat(found).as("%s on %s", rule, connection).hasSize(1);
        assertThat(found.getFirst().severity()).isEqualTo(Severity.NOT_CHECKED);
        assertThat(found.getFirst().fix()).isNotBlank();
        return found.getFirst().evidence();
    }

    @Test
    void theAppsSessionTimeoutIsLearnedIntoTheConnection() throws Exception {
        String id = connect(jwt(app -> app.sessionTimeout(Duration.ofMinutes(45))));

        PolicyReport report = env.context().getBean(PolicyAudit.class).run("ops");

        assertThat(report.learned()).anyMatch(line -> line.startsWith(id + ":"));
        assertThat(env.context().getBean(ConnectionStore.class).find(id).orElseThrow().sessionTimeout()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void theOrgsTighterSessionTimeoutIsLearnedIntoTheConnection() throws Exception {
        dev.sfbroker.simulator.SimOrg org = env.salesforce().addOrg("Short Sessions " + IDS.incrementAndGet())
                .sessionTimeout(Duration.ofMinutes(30));
        SimUser user = org.addUser("short" + IDS.get() + "@acme.example");
        SimConnectedApp app = org.addConnectedApp("Short Sessions App " + IDS.get(), env.keys().certificatePem())
                .sessionTimeout(Duration.ofMinutes(120)).preAuthorize(user);
        String id = "policy-org-" + IDS.get();
        env.writeSecretJson("apps/" + id, "{\"consumer_key\":\"" + app.consumerKey() + "\",\"connected_app\":\"" + app.fullName()
                + "\",\"private_key\":\"" + env.keys().privateKeyPem().replace("\n", "\\n") + "\"}");
        env.context().getBean(ConnectionStore.class).create(Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null),
                user.username(), "apps/" + id, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE)));
        env.context().getBean(TokenService.class).tokenFor(id, CALLER);

        env.context().getBean(PolicyAudit.class).run("ops");

        assertThat(env.context().getBean(ConnectionStore.class).find(id).orElseThrow().sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    private static List<Finding> findings(PolicyReport report, String connection, String rule) {
        return report.findings().stream().filter(f -> f.connectionId().equals(connection) && f.ruleId().equals(rule)).toList();
    }

    private static Setup jwt(Consumer<SimConnectedApp> app) {
        return jwt(app, w -> { });
    }

    private static Setup jwt(Consumer<SimConnectedApp> app, Consumer<World> after) {
        return new Setup(Flow.JWT_BEARER, app, after);
    }

    private static Setup refresh(Consumer<SimConnectedApp> app) {
        return refresh(app, w -> { });
    }

    private static Setup refresh(Consumer<SimConnectedApp> app, Consumer<World> after) {
        return new Setup(Flow.REFRESH_TOKEN, app, after);
    }

    private static Arguments rule(String rule, Severity severity, Setup triggering, Setup clean) {
        return Arguments.of(Named.of(rule + " " + severity, new Case(rule, severity, triggering, clean)));
    }

    /** A user, a connected app set up cleanly and then as the case says, a connection with a live token. */
    private static String connect(Setup setup) throws Exception {
        String id = "policy-" + IDS.incrementAndGet();
        SimUser user = env.org().addUser(id + "@acme.example");
        SimConnectedApp app = env.org().addConnectedApp("Policy App " + id, env.keys().certificatePem())
                .callbackUrl(CALLBACK).pkceRequired(true).ipRelaxation(IpRelaxation.ENFORCE_RELAXREFRESH).authorizeAs(user)
                .preAuthorize(user);
        setup.app().accept(app);
        if (app.permittedUsers() == PermittedUsers.ALL_SELF_AUTHORIZE) {
            app.recordSelfApproval(user);
        }
        String secret = "{\"consumer_key\":\"" + app.consumerKey() + "\",\"consumer_secret\":\"" + app.consumerSecret()
                + "\",\"connected_app\":\"" + app.fullName() + "\",\"private_key\":\"" + env.keys().privateKeyPem().replace("\n", "\\n") + "\"}";
        env.writeSecretJson("apps/" + id, secret);
        env.context().getBean(ConnectionStore.class).create(Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null),
                user.username(), "apps/" + id, setup.flow(), null, Set.of(BrokerEnvironment.INTEGRATION_ROLE)));
        if (setup.flow() == Flow.REFRESH_TOKEN) {
            Onboarding onboarding = env.context().getBean(Onboarding.class);
            Map<String, String> redirect = redirect(onboarding.begin(id, URI.create(CALLBACK), "ops", false).authorizeUrl());
            onboarding.complete(redirect.get("state"), redirect.get("code"), URI.create(CALLBACK));
        } else {
            env.context().getBean(TokenService.class).tokenFor(id, CALLER);
        }
        setup.after().accept(new World(id, app, user));
        return id;
    }

    /** Another client approving the same app as the same user: one more grant the broker does not hold. */
    private static void foreignGrant(World world) {
        try {
            String challenge = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
            world.app().authorizeAs(world.user());
            Map<String, String> redirect = redirect(URI.create(env.salesforce().authorizeUrl() + "?response_type=code&client_id="
                    + enc(world.app().consumerKey()) + "&redirect_uri=" + enc(CALLBACK) + "&scope=" + enc("api refresh_token")
                    + "&code_challenge=" + challenge + "&code_challenge_method=S256"));
            String form = "grant_type=authorization_code&code=" + enc(redirect.get("code")) + "&redirect_uri=" + enc(CALLBACK)
                    + "&client_id=" + enc(world.app().consumerKey()) + "&client_secret=" + enc(world.app().consumerSecret())
                    + "&code_verifier=" + VERIFIER;
            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(env.salesforce().tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void grantFortyDaysAgo(World world) {
        Instant now = env.salesforce().clock().instant();
        env.salesforce().clock().set(now.minus(Duration.ofDays(40)));
        try {
            foreignGrant(world);
        } finally {
            env.salesforce().clock().reset();
        }
    }

    private static void certificateExpiringIn20Days(World world) {
        world.app().certificate(null);
        ConnectedAppKeys shortLived = ConnectedAppKeys.generate(Duration.ofDays(20));
        world.app().certificate(shortLived.certificatePem());
        String secret = "{\"consumer_key\":\"" + world.app().consumerKey() + "\",\"connected_app\":\"" + world.app().fullName()
                + "\",\"private_key\":\"" + shortLived.privateKeyPem().replace("\n", "\\n") + "\"}";
        env.writeSecretJson("apps/" + world.connectionId(), secret);
    }

    /** The token was minted with the right key; then someone uploaded another certificate. */
    private static void certificateOfAnotherKey(World world) {
        world.app().certificate(ConnectedAppKeys.generate().certificatePem());
    }

    private static Map<String, String> redirect(URI authorize) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return Arrays.stream(URI.create(response.headers().firstValue("location").orElseThrow()).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
