package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Files.writeString(event, tokenRequest("demo", "arn:aws:sts::000000000000:assumed-role/local-developer/session-1"));

        ProcessBuilder lambda = new ProcessBuilder(javaExecutable(), "-cp",
                LAMBDA_JAR.toAbsolutePath() + File.pathSeparator + testClasses(), LambdaInvoker.class.getName(), event.toString())
                .redirectErrorStream(true);
        lambda.environment().putAll(lambdaEnvironment(world.context()));
        Process process = lambda.start();
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

    /** The variables template.yaml sets, pointed at the local world (DynamoDB Local, local key and secrets). */
    private static Map<String, String> lambdaEnvironment(ApplicationContext local) {
        return Map.ofEntries(
                Map.entry("MICRONAUT_ENVIRONMENTS", "lambda"),
                Map.entry("BROKER_STORE_CONNECTIONS_TABLE", local.getRequiredProperty("broker.store.connections-table", String.class)),
                Map.entry("BROKER_STORE_AUDIT_TABLE", local.getRequiredProperty("broker.store.audit-table", String.class)),
                Map.entry("BROKER_ENCRYPTION_MODE", "local"),
                Map.entry("BROKER_ENCRYPTION_LOCAL_KEY", local.getRequiredProperty("broker.encryption.local-key", String.class)),
                Map.entry("BROKER_SECRETS_SOURCE", "local"),
                Map.entry("BROKER_SECRETS_LOCAL_DIR", local.getRequiredProperty("broker.secrets.local-dir", String.class)),
                Map.entry("BROKER_IDENTITY_MODE", "iam"),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", local.getRequiredProperty("aws.services.dynamodb.endpoint-override", String.class)),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"));
    }

    /** An HTTP API payload 2.0 event as API Gateway sends it for a SigV4-signed request. */
    private static String tokenRequest(String connection, String userArn) {
        String path = "/connections/" + connection + "/token";
        return """
                {"version":"2.0","routeKey":"GET /connections/{id}/token","rawPath":"%1$s","rawQueryString":"",
                 "headers":{"accept":"*/*","host":"r2d2c3po.execute-api.us-east-1.amazonaws.com","x-amz-date":"20261122T160000Z"},
                 "requestContext":{"accountId":"000000000000","apiId":"r2d2c3po",
                   "authorizer":{"iam":{"accessKey":"ASIAXAMPLE","accountId":"000000000000","callerId":"AROAEXAMPLE:session-1",
                     "principalOrgId":null,"userArn":"%2$s","userId":"AROAEXAMPLE:session-1"}},
                   "domainName":"r2d2c3po.execute-api.us-east-1.amazonaws.com","domainPrefix":"r2d2c3po",
                   "http":{"method":"GET","path":"%1$s","protocol":"HTTP/1.1","sourceIp":"203.0.113.10","userAgent":"test"},
                   "requestId":"BXbQ9hXgoAMEVXw=","routeKey":"GET /connections/{id}/token","stage":"$default",
                   "time":"22/Nov/2026:16:00:00 +0000","timeEpoch":1795363200000},
                 "pathParameters":{"id":"%3$s"},"isBase64Encoded":false}
                """.formatted(path, userArn, connection);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String testClasses() throws Exception {
        return Path.of(LambdaInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
