package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbroker.testing.EmbeddedMetricFormat;
import dev.sfbroker.testing.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each function's deployable jar, run as Lambda runs it (its own JVM, the template's environment and Lambda's), hands
 * CloudWatch only lines it can read: every line of standard output is a bare JSON object; the metric lines satisfy
 * the embedded metric format specification; the log lines carry level, logger, message and the request id; no token.
 */
class CloudWatchOutputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FUNCTIONS = Path.of("..", "..", "functions");
    private static LocalBroker world;

    @BeforeAll
    static void start() throws Exception {
        world = LocalBroker.start(LocalPorts.anyFree());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("token-api", "dev.sfbroker.handlers.LoggedApiGatewayFunction",
                        LambdaProcess.tokenRequest("demo", "arn:aws:sts::000000000000:assumed-role/local-developer/session-1"), "TokensRenewed", true),
                Arguments.of("scheduled-refresh", "dev.sfbroker.handlers.ScheduledRefreshHandler", "{\"horizon_minutes\": 100000}",
                        "ScheduledRefreshRuns", true),
                Arguments.of("refresh-worker", "dev.sfbroker.handlers.RefreshWorkerHandler",
                        "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"[\\\"demo\\\"]\"}]}", "RefreshWorkerRuns", false),
                Arguments.of("ops", "dev.sfbroker.handlers.OpsInvokeHandler",
                        "{\"action\":\"incident_revoke\",\"username\":\"integration@demo.example\",\"dry_run\":true,\"operator\":\"alice\"}", null, false),
                Arguments.of("policy-audit", "dev.sfbroker.handlers.PolicyAuditHandler", "{}", "PolicyAuditRuns", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyLineIsJsonAndEveryMetricLineIsEmbeddedMetricFormat(String module, String handler, String event, String expectedMetric,
                                                                 boolean renews, @TempDir Path directory) throws Exception {
        Path jar = FUNCTIONS.resolve(module).resolve("target").resolve(module + "-lambda.jar");
        assertThat(jar).as("built by the module's package phase").exists();
        Path eventFile = directory.resolve("event.json");
        Files.writeString(eventFile, event);

        Process process = LambdaProcess.of(jar, handler, eventFile, false, world.context()).redirectErrorStream(false).start();
        CompletableFuture<String> invoker = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(invoker.get()).as(invoker.get()).contains("status=200");

        List<JsonNode> metrics = new ArrayList<>();
        List<JsonNode> logs = new ArrayList<>();
        for (String line : output.lines().toList()) {
            JsonNode parsed = parse(line);
            assertThat(parsed.isObject()).as("a bare JSON object: %s", line).isTrue();
            (parsed.has("_aws") ? metrics : logs).add(parsed);
        }
        if (renews) {
            assertThat(logs).as("a renewal is logged").isNotEmpty();
        }
        assertThat(logs).allSatisfy(log -> {
            assertThat(log.path("level").isTextual()).as(log.toString()).isTrue();
            assertThat(log.path("logger").isTextual()).as(log.toString()).isTrue();
            assertThat(log.has("message")).as(log.toString()).isTrue();
        });
        assertThat(logs).as("lines written while the invocation ran carry its request id")
                .filteredOn(log -> log.path("logger").asText().startsWith("dev.sfbroker"))
                .allSatisfy(log -> assertThat(log.path("function_request_id").asText()).isEqualTo("cold-start-1"));
        assertThat(metrics).allSatisfy(metric -> assertThat(EmbeddedMetricFormat.violations(metric)).as(metric.toString()).isEmpty());
        assertThat(metrics).allSatisfy(metric -> assertThat(metric.path("Function").asText()).isEqualTo("token-broker-" + module));
        if (expectedMetric != null) {
            assertThat(metrics).anySatisfy(metric -> assertThat(metric.has(expectedMetric)).isTrue());
        }
        assertThat(output).doesNotContainPattern(LogCapture.SALESFORCE_TOKEN);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON, so CloudWatch sees plain text: " + line, e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
