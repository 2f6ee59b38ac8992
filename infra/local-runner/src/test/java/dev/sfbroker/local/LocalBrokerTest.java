package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the README promises of the local run: one curl gets a token for 'demo', and the token works. */
class LocalBrokerTest {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static LocalBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = LocalBroker.start(LocalPorts.anyFree());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void curlOfTheDemoConnectionGetsATokenThatTheSimulatorAccepts() throws Exception {
        HttpResponse<String> token = get(broker.brokerUrl() + "/connections/demo/token", null);

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Matcher accessToken = ACCESS_TOKEN.matcher(token.body());
        assertThat(accessToken.find()).isTrue();
        HttpResponse<String> limits = get(broker.salesforce().baseUrl() + "/services/data/v62.0/limits", accessToken.group(1));
        assertThat(limits.statusCode()).as(limits.body()).isEqualTo(200);
    }

    @Test
    void theRefreshTokenDemoIsOnboardedByFollowingTheAuthorizeUrlAndThenServesTokens() throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(broker.brokerUrl()
                + "/ops/connections/demo-refresh/authorization")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        Matcher url = Pattern.compile("\"authorize_url\":\"([^\"]+)\"").matcher(started.body());
        assertThat(url.find()).isTrue();

        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> authorised = browser.send(HttpRequest.newBuilder(URI.create(url.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(authorised.statusCode()).as(authorised.body()).isEqualTo(200);
        assertThat(authorised.body()).contains("is authorised");
        assertThat(get(broker.brokerUrl() + "/connections/demo-refresh/token", null).statusCode()).isEqualTo(200);
    }

    @Test
    void thePolicyAuditOfTheDemoFindsTheShortLivedCertificate() throws Exception {
        get(broker.brokerUrl() + "/connections/demo/token", null);
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(broker.brokerUrl() + "/ops/policy-audit"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(get(broker.brokerUrl() + "/ops/policy-audit?format=table", null).body())
                .contains("| demo | WARNING `jwt-certificate`");
    }

    @Test
    void bannerShowsTheCurlCommand() {
        assertThat(broker.banner()).contains("curl -s " + broker.brokerUrl() + "/connections/demo/token");
    }

    private HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
