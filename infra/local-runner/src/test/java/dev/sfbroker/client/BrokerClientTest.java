package dev.sfbroker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.local.LocalBroker;
import dev.sfbroker.local.LocalPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The client against the local broker and the Salesforce simulator, over real HTTP. */
class BrokerClientTest {
    private static final String OTHER_CALLER = "arn:aws:iam::000000000000:role/someone-else";
    private static LocalBroker broker;
    private static BrokerClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = LocalBroker.start(LocalPorts.anyFree());
        client = clientAs(null);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static BrokerClient clientAs(String principal) {
        BrokerClient.Builder builder = BrokerClient.builder(URI.create(broker.brokerUrl())).region("us-east-1")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "test-secret")));
        return principal == null ? builder.build() : builder.header("X-Broker-Principal", principal).build();
    }

    @Test
    void aTokenFromTheBrokerWorksAgainstSalesforce() throws Exception {
        Token token = client.token(LocalBroker.DEMO_CONNECTION);

        assertThat(token.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(token.toString()).doesNotContain(token.accessToken());
        assertThat(limits(token).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenSalesforceRejectsIsReportedOnceAndTheCallRetriedOnceWithTheAnswer() throws Exception {
        Token stale = client.token(LocalBroker.DEMO_CONNECTION);
        endSessionAtSalesforce(stale);
        // the broker renews on a report only tokens older than a minute
        broker.salesforce().clock().advance(Duration.ofMinutes(2));
        assertThat(limits(stale).statusCode()).isEqualTo(401);
        AtomicInteger calls = new AtomicInteger();

        HttpResponse<String> response = client.send(LocalBroker.DEMO_CONNECTION, token -> {
            calls.incrementAndGet();
            return HttpRequest.newBuilder(URI.create(token.instanceUrl() + "/services/data/v62.0/limits"));
        }, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSecondRejectionIsTheAnswerNotALoop() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> client.withToken(LocalBroker.DEMO_CONNECTION, token -> {
            calls.incrementAndGet();
            throw new BrokerClient.SessionRejected();
        })).isInstanceOf(BrokerClient.SessionRejected.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aCallerThatIsNotAllowedGetsATypedErrorWithTheBrokersCode() {
        assertThatThrownBy(() -> clientAs(OTHER_CALLER).token(LocalBroker.DEMO_CONNECTION))
                .isInstanceOfSatisfying(BrokerException.NotAllowed.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.error()).isEqualTo("caller_not_allowed");
                    assertThat(e.connection()).isEqualTo(LocalBroker.DEMO_CONNECTION);
                });
        assertThatThrownBy(() -> client.token("no-such-connection")).isInstanceOf(BrokerException.ConnectionNotFound.class);
    }

    @Test
    void aConnectionSalesforceRefusesCarriesTheCauseAndTheFix() throws Exception {
        String id = "unknown-user";
        HttpResponse<String> registered = ops("POST", "/ops/connections", "{\"id\":\"" + id + "\",\"login_host\":\""
                + broker.salesforce().baseUrl() + "\",\"username\":\"nobody@demo.example\",\"credentials_ref\":\"connected-apps/demo\","
                + "\"allowed_principals\":[\"arn:aws:iam::000000000000:role/local-developer\"],\"allow_ops_principal\":true}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        assertThatThrownBy(() -> client.token(id)).isInstanceOfSatisfying(BrokerException.ConnectionBlocked.class, e -> {
            assertThat(e.error()).startsWith("connection_");
            assertThat(e.salesforceError()).isNotBlank();
            assertThat(e.salesforceCause()).isNotBlank();
            assertThat(e.fix()).isNotBlank();
        });
    }

    private HttpResponse<String> limits(Token token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(token.instanceUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "Bearer " + token.accessToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What an admin does in Setup: the broker still holds the token, Salesforce no longer accepts it. */
    private void endSessionAtSalesforce(Token token) throws Exception {
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(broker.salesforce().revokeUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token.accessToken())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    }

    private HttpResponse<String> ops(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(broker.brokerUrl() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
