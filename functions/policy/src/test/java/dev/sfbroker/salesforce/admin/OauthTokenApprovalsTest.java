package dev.sfbroker.salesforce.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.policy.ConnectedAppSecrets;
import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.token.ApprovalsUnreadableException;
import dev.sfbroker.token.SalesforceApproval;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OauthTokenApprovals} against the Salesforce simulator over HTTP: a user found by a username that needs escaping,
 * approvals by user and by app, the reader's permission, and the app's label by the API name its secret gives.
 */
class OauthTokenApprovalsTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static SalesforceSimulator salesforce;
    private static SimUser quoted;
    private static SimConnectedApp sync;
    private static TokenSet admin;
    private static TokenSet plain;

    private final OauthTokenApprovals approvals = new OauthTokenApprovals(Duration.ofSeconds(2), Duration.ofSeconds(5), JSON,
            new ConnectedAppSecrets() {
                @Override
                public Optional<String> appName(String credentialsRef) {
                    return credentialsRef.equals("apps/sync") ? Optional.of(sync.fullName()) : Optional.empty();
                }

                @Override
                public Optional<PrivateKey> signingKey(String credentialsRef) {
                    return Optional.empty();
                }
            });

    @BeforeAll
    static void startSalesforce() {
        salesforce = SalesforceSimulator.start();
        SimOrg org = salesforce.addOrg("acme");
        SimUser adminUser = org.addUser("admin@acme.example").customizeApplication(true);
        SimUser plainUser = org.addUser("plain@acme.example");
        quoted = org.addUser("o'brien@acme.example");
        ConnectedAppKeys keys = ConnectedAppKeys.generate();
        SimConnectedApp broker = org.addConnectedApp("Token Broker", keys.certificatePem()).preAuthorize(adminUser).preAuthorize(plainUser);
        sync = org.addConnectedApp("Sync App").callbackUrl("https://broker.example/oauth/callback");
        SimulatedLogins logins = new SimulatedLogins(salesforce, JSON);
        logins.approve(sync, quoted);
        logins.approve(sync, quoted);
        logins.approve(sync, plainUser);
        admin = token(logins.jwtLogin(broker, keys, adminUser));
        plain = token(logins.jwtLogin(broker, keys, plainUser));
    }

    @AfterAll
    static void stopSalesforce() {
        salesforce.close();
    }

    @Test
    void aUserIsFoundByAUsernameWithAQuoteAndAnInjectedConditionFindsNobody() throws ApprovalsUnreadableException {
        assertThat(approvals.userId(admin, "o'brien@acme.example")).contains(quoted.id());
        assertThat(approvals.userId(admin, "x' OR Username != 'x")).isEmpty();
        assertThat(approvals.userId(admin, "nobody@elsewhere.example")).isEmpty();
    }

    @Test
    void approvalsAreReadByUserAndByApp() throws ApprovalsUnreadableException {
        assertThat(approvals.approvalsOf(admin, quoted.id())).hasSize(2)
                .allSatisfy(approval -> assertThat(approval.appName()).isEqualTo("Sync App"));
        assertThat(approvals.approvalsOfApp(admin, "Sync App")).extracting(SalesforceApproval::userId).hasSize(3).contains(quoted.id());
        assertThat(approvals.approvalsOfApp(plain, "Sync App")).as("a user without Customize Application sees its own").hasSize(1);
    }

    @Test
    void theReadersPermissionAndTheAppsLabelAreRead() throws ApprovalsUnreadableException {
        assertThat(approvals.seesEveryUsersApprovals(admin)).isTrue();
        assertThat(approvals.seesEveryUsersApprovals(plain)).isFalse();
        assertThat(approvals.appName(admin, "apps/sync")).contains("Sync App");
        assertThat(approvals.appName(admin, "apps/unnamed")).isEmpty();
    }

    private static TokenSet token(Map<String, Object> login) {
        Instant now = Instant.now();
        return new TokenSet(Secret.of((String) login.get("access_token")), (String) login.get("instance_url"), "Bearer", now,
                now.plusSeconds(3_600), now.plusSeconds(1_800));
    }
}
