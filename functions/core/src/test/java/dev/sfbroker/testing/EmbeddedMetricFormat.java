package dev.sfbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What CloudWatch requires of a log line before it extracts metrics from it (the embedded metric format
 * specification): a bare JSON object whose {@code _aws} member holds a millisecond {@code Timestamp} and
 * {@code CloudWatchMetrics} directives, each with a {@code Namespace}, {@code Dimensions} (arrays of member names)
 * and {@code Metrics} ({@code Name}, optional {@code Unit}), every dimension a string member and every metric a
 * number (or an array of numbers) member of the root object.
 */
public final class EmbeddedMetricFormat {
    private EmbeddedMetricFormat() {
    }

    /** Every way {@code line} breaks the specification; empty when CloudWatch would extract its metrics. */
    public static List<String> violations(JsonNode line) {
        List<String> violations = new ArrayList<>();
        JsonNode aws = line.path("_aws");
        if (!aws.isObject()) {
            return List.of("no _aws object");
        }
        if (!aws.path("Timestamp").isIntegralNumber()) {
            violations.add("_aws.Timestamp is not an integer (epoch milliseconds)");
        }
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray() || directives.isEmpty()) {
            violations.add("_aws.CloudWatchMetrics is not a non-empty array");
        }
        for (JsonNode directive : directives) {
            if (!directive.path("Namespace").isTextual() || directive.path("Namespace").asText().isBlank()) {
                violations.add("a directive has no Namespace");
            }
            if (!directive.path("Dimensions").isArray()) {
                violations.add("a directive has no Dimensions array");
            }
            for (JsonNode dimensionSet : directive.path("Dimensions")) {
                if (!dimensionSet.isArray() || dimensionSet.size() > 30) {
                    violations.add("a dimension set is not an array of at most 30 names: " + dimensionSet);
                }
                for (JsonNode dimension : dimensionSet) {
                    if (!line.path(dimension.asText()).isTextual()) {
                        violations.add("dimension " + dimension + " has no string value on the root object");
                    }
                }
            }
            if (!directive.path("Metrics").isArray() || directive.path("Metrics").isEmpty()) {
                violations.add("a directive has no Metrics");
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText("");
                JsonNode value = line.path(name);
                boolean numeric = value.isNumber() || value.isArray() && !value.isEmpty() && value.get(0).isNumber();
                if (name.isBlank() || !numeric) {
                    violations.add("metric " + metric + " has no numeric value on the root object");
                }
                if (metric.has("Unit") && !metric.path("Unit").isTextual()) {
                    violations.add("metric " + name + " has a Unit that is not a string");
                }
            }
        }
        return violations;
    }
}
