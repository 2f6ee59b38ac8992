package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.smoke.SmokeCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    private static boolean check(String connection, ByteArrayOutputStream printed) {
        SmokeCheck.Settings settings = new SmokeCheck.Settings(URI.create(broker.brokerUrl() + "/"), connection, "us-east-1",
                "62.0", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "local-secret")));
        return new SmokeCheck(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    }
}
