package dev.sfbroker.salesforce.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.policy.AdminReadException.Kind;
import dev.sfbroker.policy.ConnectedAppSettings;
import dev.sfbroker.policy.ConnectedApplicationRow;
import dev.sfbroker.policy.OauthTokenRow;
import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.IpRelaxation;
import dev.sfbroker.simulator.PermittedUsers;
import dev.sfbroker.simulator.RefreshTokenPolicy;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.token.Secret;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SalesforceOrgAdminReader} against the Salesforce simulator over HTTP, as an admin user with "Customize
 * Application" who logged in with the JWT bearer flow: each metadata setting, each {@code OauthToken} row across
 * pages, each {@code ConnectedApplication} row, and every way a read fails.
 */
class SalesforceOrgAdminReaderTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Secret UNKNOWN_TOKEN = Secret.of("00Dxx0000000001!AQunknownSessionThatSalesforceNeverIssued");

    private static SalesforceSimulator salesforce;
    private static SimOrg org;
    private static SimUser admin;
    private static SimulatedLogins logins;
    private static String instanceUrl;
    private static Secret adminToken;

    private final SalesforceOrgAdminReader reader = new SalesforceOrgAdminReader(Duration.ofSeconds(2), Duration.ofSeconds(5), JSON);

    @BeforeAll
    static void startSalesforce() {
        salesforce = SalesforceSimulator.start();
        salesforce.settings().maxApprovalsPerUserPerApp(1_000); // many grants of one user, not a hundred users
        org = salesforce.addOrg("acme");
        admin = org.addUser("audit@acme.example").customizeApplication(true);
        ConnectedAppKeys keys = ConnectedAppKeys.generate();
        SimConnectedApp broker = org.addConnectedApp("Token Broker", keys.certificatePem()).preAuthorize(admin);
        logins = new SimulatedLogins(salesforce, JSON);
        Map<String, Object> login = logins.jwtLogin(broker, keys, admin);
        instanceUrl = (String) login.get("instance_url");
        adminToken = Secret.of((String) login.get("access_token"));
    }

    @AfterAll
    static void stopSalesforce() {
        salesforce.close();
    }

    @AfterEach
    void clearFaults() {
        salesforce.faults().clear();
    }

    @Test
    void readsEverySettingOfAConfiguredApp() throws AdminReadException {
        ConnectedAppKeys keys = ConnectedAppKeys.generate();
        SimConnectedApp app = org.addConnectedApp("R&D <Sync>", keys.certificatePem()).fullName("RD_Sync")
                .callbackUrl("https://sync.example/oauth/callback?src=sf&v=2")
                .scopes("api", "refresh_token", "openid")
                .refreshTokenPolicy(RefreshTokenPolicy.lifetime(3, RefreshTokenPolicy.Unit.HOURS))
                .refreshTokenRotation(true).pkceRequired(true).introspectAllTokens(true)
                .secretRequiredForRefreshToken(false).ipRelaxation(IpRelaxation.BYPASS_2FACTOR)
                .sessionTimeout(Duration.ofMinutes(30))
                .permittedUsers(PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED).assignProfile("Integration User").assignPermissionSet("Sync API").assignPermissionSet("Audit Access");

        ConnectedAppSettings settings = reader.connectedApp(instanceUrl, adminToken, "rd_sync");

        assertThat(settings).isEqualTo(new ConnectedAppSettings("RD_Sync", "R&D <Sync>", app.consumerKey(), true,
                List.of("Integration User"), List.of("Audit Access", "Sync API"), false, true, true, true,
                List.of("Api", "RefreshToken", "OpenID"), "https://sync.example/oauth/callback?src=sf&v=2",
                keys.certificatePem().strip(), "BYPASS_2FACTOR", "specific_lifetime:3:HOURS", 30));
    }

    @Test
    void readsAnAppThatLeavesItsSettingsToTheDefaults() throws AdminReadException {
        SimConnectedApp app = org.addConnectedApp("Plain Client")
                .refreshTokenPolicy(RefreshTokenPolicy.inactivity(30, RefreshTokenPolicy.Unit.DAYS));

        ConnectedAppSettings settings = reader.connectedApp(instanceUrl, adminToken, "Plain_Client");

        assertThat(settings).isEqualTo(new ConnectedAppSettings("Plain_Client", "Plain Client", app.consumerKey(), false,
                List.of(), List.of(), true, false, false, false, List.of("Api", "RefreshToken"), null, null,
                "ENFORCE", "specific_inactivity:30:DAYS", null));
    }

    @Test
    void anUnknownAppNameIsNotFound() {
        AdminReadException failure = catchThrowableOfType(AdminReadException.class,
                () -> reader.connectedApp(instanceUrl, adminToken, "No_Such_App"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(failure).hasMessageContaining("'No_Such_App'").hasMessageContaining("App Manager");
    }

    @Test
    void anOauthTokenRowPerGrantOfEveryUser() throws AdminReadException {
        SimConnectedApp app = org.addConnectedApp("Grant Client").callbackUrl("https://grants.example/cb");
        SimUser alice = org.addUser("alice@acme.example");
        SimUser bob = org.addUser("bob@acme.example");
        String aliceFirst = logins.approve(app, alice);
        logins.approve(app, alice);
        logins.approve(app, bob);
        salesforce.clock().advance(Duration.ofMinutes(5));
        logins.refresh(app, aliceFirst);
        logins.refresh(app, aliceFirst);

        List<OauthTokenRow> rows = reader.oauthTokens(instanceUrl, adminToken).stream()
                .filter(row -> row.appName().equals("Grant Client")).toList();

        List<SimGrant> grants = new ArrayList<>(salesforce.grants(alice, app));
        grants.addAll(salesforce.grants(bob, app));
        assertThat(rows).containsExactlyElementsOf(grants.stream().map(SalesforceOrgAdminReaderTest::expectedRow).toList());
        assertThat(rows.getFirst().useCount()).isEqualTo(2);
        assertThat(rows.getFirst().lastUsedDate()).isAfter(rows.getFirst().createdDate());
        assertThat(rows.toString()).doesNotContain(grants.getFirst().deleteToken());
    }

    @Test
    void oauthTokensFollowNextRecordsUrlPastTheFiveHundredRowsOfAPage() throws AdminReadException {
        SimConnectedApp app = org.addConnectedApp("Bulk Client").callbackUrl("https://bulk.example/cb");
        SimUser owner = org.addUser("bulk@acme.example");
        for (int i = 0; i < 612; i++) {
            logins.approve(app, owner);
        }

        List<OauthTokenRow> rows = reader.oauthTokens(instanceUrl, adminToken).stream()
                .filter(row -> row.appName().equals("Bulk Client")).toList();

        assertThat(rows).hasSize(612).allSatisfy(row -> {
            assertThat(row.userId()).isEqualTo(owner.id());
            assertThat(row.hasDeleteToken()).isTrue();
        });
        assertThat(rows).extracting(OauthTokenRow::createdDate).isSorted();
    }

    @Test
    void aConnectedApplicationRowPerApp() throws AdminReadException {
        SimConnectedApp lifetime = org.addConnectedApp("Lifetime Client")
                .refreshTokenPolicy(RefreshTokenPolicy.lifetime(3, RefreshTokenPolicy.Unit.HOURS));
        SimConnectedApp inactivity = org.addConnectedApp("Inactivity Client")
                .refreshTokenPolicy(RefreshTokenPolicy.inactivity(30, RefreshTokenPolicy.Unit.DAYS))
                .permittedUsers(PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED);
        SimConnectedApp never = org.addConnectedApp("Zero Client").refreshTokenPolicy(RefreshTokenPolicy.zero());

        List<ConnectedApplicationRow> rows = reader.connectedApplications(instanceUrl, adminToken);

        assertThat(rows).contains(
                new ConnectedApplicationRow(lifetime.id(), "Lifetime Client", false, false, 3),
                new ConnectedApplicationRow(inactivity.id(), "Inactivity Client", true, true, 30),
                new ConnectedApplicationRow(never.id(), "Zero Client", false, false, null));
        assertThat(rows).filteredOn(row -> row.name().equals("Token Broker")).singleElement()
                .isEqualTo(new ConnectedApplicationRow(org.connectedApps().getFirst().id(), "Token Broker", true, false, null));
    }

    @Test
    void aRejectedSessionIsSaidSoByRestAndSoap() {
        List<AdminReadException> failures = List.of(
                catchThrowableOfType(AdminReadException.class, () -> reader.oauthTokens(instanceUrl, UNKNOWN_TOKEN)),
                catchThrowableOfType(AdminReadException.class, () -> reader.connectedApplications(instanceUrl, UNKNOWN_TOKEN)),
                catchThrowableOfType(AdminReadException.class, () -> reader.connectedApp(instanceUrl, UNKNOWN_TOKEN, "Token_Broker")));

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.kind()).isEqualTo(Kind.SESSION_REJECTED);
            assertThat(failure).hasMessageContaining("INVALID_SESSION_ID").hasMessageContaining("fresh token")
                    .hasMessageNotContaining(UNKNOWN_TOKEN.reveal());
        });
    }

    @Test
    void aRefusedQueryOrCallIsNotPermitted() {
        salesforce.faults().on(SimEndpoint.REST_API).once().failWith(400, "application/json;charset=UTF-8",
                "[{\"message\":\"sObject type 'OauthToken' is not supported.\",\"errorCode\":\"INVALID_TYPE\"}]");
        salesforce.faults().on(SimEndpoint.METADATA).once().failWith(500, "text/xml;charset=UTF-8", soapFault(
                "sf:INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions"));

        AdminReadException query = catchThrowableOfType(AdminReadException.class, () -> reader.oauthTokens(instanceUrl, adminToken));
        AdminReadException metadata = catchThrowableOfType(AdminReadException.class,
                () -> reader.connectedApp(instanceUrl, adminToken, "Token_Broker"));

        assertThat(query.kind()).isEqualTo(Kind.NOT_PERMITTED);
        assertThat(query).hasMessageContaining("INVALID_TYPE: sObject type 'OauthToken' is not supported.")
                .hasMessageContaining("Customize Application");
        assertThat(metadata.kind()).isEqualTo(Kind.NOT_PERMITTED);
        assertThat(metadata).hasMessageContaining("sf:INSUFFICIENT_ACCESS").hasMessageContaining("Modify Metadata");
    }

    @Test
    void aFailingOrUnreachableSalesforceIsUnreachable() {
        salesforce.faults().on(SimEndpoint.REST_API).once().failWith(503);
        salesforce.faults().on(SimEndpoint.METADATA).once().failWith(503);

        List<AdminReadException> failures = List.of(
                catchThrowableOfType(AdminReadException.class, () -> reader.connectedApplications(instanceUrl, adminToken)),
                catchThrowableOfType(AdminReadException.class, () -> reader.connectedApp(instanceUrl, adminToken, "Token_Broker")),
                catchThrowableOfType(AdminReadException.class, () -> reader.oauthTokens("http://127.0.0.1:1", adminToken)));

        assertThat(failures).allSatisfy(failure -> assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE));
        assertThat(failures.get(0)).hasMessageContaining("HTTP 503");
        assertThat(failures.get(1)).hasMessageContaining("HTTP 503");
        assertThat(failures.get(2)).hasMessageContaining("connection refused");
    }

    @Test
    void anAnswerWithADoctypeIsRefusedWithoutReadingItsEntities(@TempDir Path directory) throws Exception {
        Path local = Files.writeString(directory.resolve("local.txt"), "contents-of-a-local-file");
        salesforce.faults().on(SimEndpoint.METADATA).once().failWith(500, "text/xml;charset=UTF-8",
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY local SYSTEM \"" + local.toUri() + "\">]>"
                        + soapFault("sf:INVALID_TYPE", "&local;").substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length()));

        AdminReadException failure = catchThrowableOfType(AdminReadException.class,
                () -> reader.connectedApp(instanceUrl, adminToken, "Token_Broker"));

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure).hasMessageContaining("not a SOAP answer").hasMessageNotContaining("contents-of-a-local-file");
        assertThat(failure.getCause()).hasMessageContaining("DOCTYPE");
    }

    private static OauthTokenRow expectedRow(SimGrant grant) {
        return new OauthTokenRow(grant.user().id(), grant.app().name(), millis(grant.createdDate()),
                millis(grant.lastUsedDate()), grant.useCount(), true);
    }

    /** Salesforce writes dateTimes to the millisecond. */
    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String soapFault(String faultCode, String faultString) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:sf=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body><soapenv:Fault><faultcode>" + faultCode
                + "</faultcode><faultstring>" + faultString + "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    }
}
