package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.smoke.SmokeCheck;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The README's smoke check, run against the local broker and the simulator as a user runs it against their sandbox:
 * a token through the API, Salesforce's REST API accepts it, the rejection report is answered (a token this young
 * keeps being served) with a token Salesforce accepts; what it prints names tokens by fingerprint only.
 */
class SmokeCheckTest {
    private static final Pattern SALESFORCE_TOKEN = Pattern.compile("00D[A-Za-z0-9]{12}![A-Za-z0-9._]{20,}");
    private static LocalBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = LocalBroker.start(LocalPorts.anyFree());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theDemoConnectionPassesEveryStepAndNoTokenIsPrinted() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        boolean passed = check(LocalBroker.DEMO_CONNECTION, printed);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(passed).as(output).isTrue();
        assertThat(output).contains("1. GET connections/demo/token: HTTP 200")
                .contains("2. GET " + broker.salesforce().baseUrl() + "/services/data/v62.0/limits with token")
                .contains("Salesforce accepted it: DailyApiRequests")
                .contains("3. POST connections/demo/token/rejected: HTTP 200").contains("(the same token: the broker renews a reported"
                        + " token once it is a minute old")
                .contains("4. GET ").contains("OK:");
        assertThat(SALESFORCE_TOKEN.matcher(output).find()).as(output).isFalse();
    }

    @Test
    void aConnectionTheBrokerDoesNotKnowFailsAtTheFirstStepWithTheBrokersError() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        boolean passed = check("no-such-connection", printed);

        assertThat(passed).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("HTTP 404").contains("connection_not_found").doesNotContain("OK:");
    }

    @Test
    void itSignsForApiGatewayWithTheCallersCredentialsAndTheApisRegion() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + exchange.getRequestHeaders().getFirst("X-Amz-Date"));
            byte[] body = "{\"error\":\"connection_not_found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            check(URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/"), "eu-west-1", "acme-prod", new ByteArrayOutputStream());
        } finally {
            api.stop(0);
        }

        assertThat(authorizations).singleElement().asString()
                .matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/execute-api/aws4_request, SignedHeaders=\\S*host\\S*,"
                        + " Signature=[0-9a-f]{64} \\| \\d{8}T\\d{6}Z");
    }

    private static boolean check(String connection, ByteArrayOutputStream printed) {
        return check(URI.create(broker.brokerUrl() + "/"), "us-east-1", connection, printed);
    }

    private static boolean check(URI api, String region, String connection, ByteArrayOutputStream printed) {
        SmokeCheck.Settings settings = new SmokeCheck.Settings(api, connection, region, "62.0",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "local-secret")));
        return new SmokeCheck(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    }
}
