package dev.sfbroker.observability;

import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewal metrics as CloudWatch Embedded Metric Format lines on the function's log (namespace
 * {@code TokenBroker}, dimension {@code FailureClass}): CloudWatch turns them into metrics with no API call
 * and no extra permission. {@code ConnectionsBlocked} is the one to alarm on.
 */
public final class EmbeddedMetrics implements RenewalEvents {
    static final String NAMESPACE = "TokenBroker";
    private static final Logger METRICS = LoggerFactory.getLogger("dev.sfbroker.metrics");

    private final JsonMapper json;
    private final Clock clock;

    public EmbeddedMetrics(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void renewed(Connection connection, TokenSet token) {
        emit("TokensRenewed", null);
    }

    @Override
    public void failed(Connection connection, Failure failure) {
        String failureClass = failure.failureClass().name();
        emit(failure.failureClass().blocksConnectionAs() != null ? "ConnectionsBlocked" : "RenewalsFailed", failureClass);
    }

    @Override
    public void policyFinding(String ruleId) {
        emit("NewCriticalPolicyFindings", "Rule", ruleId);
    }

    private void emit(String metric, String failureClass) {
        emit(metric, failureClass == null ? null : "FailureClass", failureClass);
    }

    private void emit(String metric, String dimension, String value) {
        List<List<String>> dimensions = dimension == null ? List.of(List.of()) : List.of(List.of(dimension));
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(Map.of(
                "Namespace", NAMESPACE, "Dimensions", dimensions, "Metrics", List.of(Map.of("Name", metric, "Unit", "Count"))))));
        if (dimension != null) {
            line.put(dimension, value);
        }
        line.put(metric, 1);
        try {
            METRICS.info(json.writeValueAsString(line));
        } catch (IOException e) {
            METRICS.warn("metric {} not emitted: {}", metric, e.getMessage());
        }
    }
}
