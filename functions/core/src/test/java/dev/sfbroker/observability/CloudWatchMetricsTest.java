package dev.sfbroker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbroker.testing.EmbeddedMetricFormat;
import dev.sfbroker.testing.MetricCapture;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.ScheduledRenewal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Every metric the broker emits is one line CloudWatch extracts, with the dimensions its alarms use. */
class CloudWatchMetricsTest {
    private final CloudWatchMetrics metrics = new CloudWatchMetrics("token-broker-token", false);

    @Test
    void everyEventIsOneEmbeddedMetricFormatLineWithTheFunctionDimension() {
        try (MetricCapture captured = new MetricCapture()) {
            metrics.renewed(null, null);
            metrics.failed(null, failure(FailureClass.TERMINAL));
            metrics.failed(null, failure(FailureClass.OUTCOME_UNKNOWN));
            metrics.grantLost(null);
            metrics.tokenServed(Duration.ofMillis(12));
            metrics.scheduleRun(new ScheduledRenewal.Report(3, 2, 0, 0, 1, 0, 0, 0), Duration.ofSeconds(2));
            metrics.policyAuditRun(4, 7);
            metrics.policyFinding("session-timeout");

            List<JsonNode> lines = captured.lines();
            assertThat(lines).hasSize(8);
            assertThat(lines).allSatisfy(line -> {
                assertThat(EmbeddedMetricFormat.violations(line)).as(line.toString()).isEmpty();
                assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("TokenBroker");
                assertThat(line.path("Function").asText()).isEqualTo("token-broker-token");
                assertThat(dimensionSets(line)).contains(List.of("Function"));
            });
            JsonNode blocked = captured.lines("ConnectionsBlocked").getFirst();
            assertThat(blocked.path("FailureClass").asText()).isEqualTo("TERMINAL");
            assertThat(blocked.has("RenewalsFailed")).isTrue();
            assertThat(dimensionSets(blocked)).containsExactlyInAnyOrder(List.of("Function"), List.of("Function", "FailureClass"));
            assertThat(captured.lines("OutcomeUnknownRenewals")).singleElement()
                    .satisfies(line -> assertThat(line.has("ConnectionsBlocked")).isFalse());
            assertThat(captured.lines("ScheduledRefreshRuns")).singleElement()
                    .satisfies(line -> assertThat(line.path("ConnectionsDue").asDouble()).isEqualTo(3));
            assertThat(captured.lines("NewCriticalPolicyFindings")).singleElement()
                    .satisfies(line -> assertThat(line.path("Rule").asText()).isEqualTo("session-timeout"));
            assertThat(captured.lines("TokenFetchLatency").getFirst().path("_aws").toString()).contains("\"Unit\":\"Milliseconds\"");
        }
    }

    private static Failure failure(FailureClass failureClass) {
        return new Failure(failureClass, "invalid_grant", "expired access/refresh token", "cause", "fix", Instant.EPOCH);
    }

    private static List<List<String>> dimensionSets(JsonNode line) {
        return StreamSupport.stream(line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").spliterator(), false)
                .map(set -> StreamSupport.stream(set.spliterator(), false).map(JsonNode::asText).toList()).toList();
    }
}
