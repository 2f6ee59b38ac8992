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
            metrics.scheduleRun(new ScheduledRenewal.Report(3, 2, 0, 0, 1, 0, 0, 0, 0), Duration.ofSeconds(2));
            metrics.scheduleRun(new ScheduledRenewal.Report(250, 0, 0, 0, 0, 0, 0, 250, 3), Duration.ofSeconds(1));
            metrics.refreshWorkerRun(new ScheduledRenewal.Report(200, 196, 1, 0, 2, 1, 0, 0, 0), 2, 1, Duration.ofSeconds(3));
            metrics.policyAuditRun(4, 7);
            metrics.policyFinding("session-timeout");

            List<JsonNode> lines = captured.lines();
            assertThat(lines).hasSize(10);
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
            assertThat(captured.lines("ScheduledRefreshRuns")).first()
                    .satisfies(line -> assertThat(line.path("ConnectionsDue").asDouble()).isEqualTo(3))
                    .satisfies(line -> assertThat(line.path("ConnectionsFailed").asDouble()).isEqualTo(1));
            assertThat(captured.lines("ScheduledRefreshRuns")).last().satisfies(fannedOut -> {
                assertThat(fannedOut.path("ConnectionsQueued").asDouble()).isEqualTo(250);
                assertThat(fannedOut.path("BatchesQueued").asDouble()).isEqualTo(3);
                assertThat(fannedOut.path("ConnectionsRenewed").asDouble()).isZero();
            });
            assertThat(captured.lines("RefreshWorkerRuns")).singleElement().satisfies(worker -> {
                assertThat(worker.has("ScheduledRefreshRuns")).as("not the scheduled refresh's heartbeat").isFalse();
                assertThat(worker.path("BatchesReceived").asDouble()).isEqualTo(2);
                assertThat(worker.path("BatchesReturned").asDouble()).isEqualTo(1);
                assertThat(worker.path("ConnectionsDue").asDouble()).isEqualTo(200);
                assertThat(worker.path("ConnectionsRenewed").asDouble()).isEqualTo(196);
                assertThat(worker.path("ConnectionsFailed").asDouble()).as("transient and blocked").isEqualTo(3);
                assertThat(worker.path("RefreshWorkerDuration").asDouble()).isEqualTo(3000);
            });
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
