package dev.sfbroker.store;

import dev.sfbroker.policy.Finding;
import dev.sfbroker.policy.PolicyReport;
import dev.sfbroker.policy.PolicyReports;
import dev.sfbroker.policy.Severity;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Policy audit reports in the audit table, under their own key, expiring like audit events. */
public final class DynamoDbPolicyReports implements PolicyReports {
    static final String PARTITION = "#policy-audit";

    @Serdeable(naming = SnakeCaseStrategy.class)
    record StoredFinding(String ruleId, String severity, String org, String connectedApp, String connectionId, String evidence, String fix) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record StoredReport(long at, List<StoredFinding> findings, List<String> newFindings, List<StoredFinding> resolved,
                        List<String> learned) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final JsonMapper json;

    public DynamoDbPolicyReports(DynamoDbClient dynamo, String table, Duration retention, JsonMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.json = json;
    }

    @Override
    public void save(PolicyReport report) {
        StoredReport stored = new StoredReport(report.at().toEpochMilli(), stored(report.findings()), report.newFindings(),
                stored(report.resolved()), report.learned());
        try {
            String body = json.writeValueAsString(stored);
            dynamo.putItem(request -> request.tableName(table).item(Map.of(
                    DynamoDbAuditTrail.CONNECTION, AttributeValue.fromS(PARTITION),
                    DynamoDbAuditTrail.AT, AttributeValue.fromS(String.format("%015d", report.at().toEpochMilli())),
                    DynamoDbAuditTrail.EXPIRES_AT, AttributeValue.fromN(Long.toString(report.at().plus(retention).getEpochSecond())),
                    "report", AttributeValue.fromS(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<PolicyReport> latest() {
        return dynamo.query(request -> request.tableName(table)
                        .keyConditionExpression("#connection = :partition")
                        .expressionAttributeNames(Map.of("#connection", DynamoDbAuditTrail.CONNECTION))
                        .expressionAttributeValues(Map.of(":partition", AttributeValue.fromS(PARTITION)))
                        .scanIndexForward(false).limit(1))
                .items().stream().findFirst().map(item -> read(item.get("report").s()));
    }

    private PolicyReport read(String body) {
        try {
            StoredReport stored = json.readValue(body, StoredReport.class);
            // empty lists are not written, so they read back as null
            return new PolicyReport(Instant.ofEpochMilli(stored.at()), findings(orEmpty(stored.findings())), orEmpty(stored.newFindings()),
                    findings(orEmpty(stored.resolved())), orEmpty(stored.learned()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<StoredFinding> stored(List<Finding> findings) {
        return findings.stream().map(f -> new StoredFinding(f.ruleId(), f.severity().name(), f.org(), f.connectedApp(), f.connectionId(),
                f.evidence(), f.fix())).toList();
    }

    private static List<Finding> findings(List<StoredFinding> stored) {
        return stored.stream().map(f -> new Finding(f.ruleId(), Severity.valueOf(f.severity()), f.org(), f.connectedApp(), f.connectionId(),
                f.evidence(), f.fix())).toList();
    }
}
