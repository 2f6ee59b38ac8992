package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable artifact ({@code functions/token-api/target/token-api-lambda.jar}, the token function's CodeUri in template.yaml)
 * in a JVM of its own, configured only through environment variables as in Lambda, serves a token for
 * an IAM-authorised API Gateway event. This is what catches a jar that shading broke, or configuration
 * that environment variables do not reach.
 */
class LambdaJarIT {
    private static final Path LAMBDA_JAR = Path.of("..", "..", "functions", "token-api", "target", "token-api-lambda.jar");
    private static final String TOKEN_HANDLER = "dev.sfbroker.handlers.LoggedApiGatewayFunction";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static LocalBroker world;

    @BeforeAll
    static void start() throws Exception {
        world = LocalBroker.start(LocalPorts.anyFree());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void lambdaJarConfiguredByEnvironmentServesATokenForAnIamCaller(@TempDir Path directory) throws Exception {
        assertThat(LAMBDA_JAR).as("built by the token-api module's package phase").exists();
        Path event = directory.resolve("event.json");
        Files.writeString(event, LambdaProcess.tokenRequest("demo", "arn:aws:sts::000000000000:assumed-role/local-developer/session-1"));

        Process process = LambdaProcess.of(LAMBDA_JAR, TOKEN_HANDLER, event, false, world.context()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as(output).contains("status=200");
        Matcher token = ACCESS_TOKEN.matcher(output);
        assertThat(token.find()).isTrue();
        HttpResponse<String> limits = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(world.salesforce().baseUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(limits.statusCode()).isEqualTo(200);
        assertThat(output.replace(token.group(1), "")).as("the token appears only in the response body")
                .doesNotContainPattern("00D[A-Za-z0-9]{12}!");
    }

}
