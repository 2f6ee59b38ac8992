package dev.sfbroker.store;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit trail in DynamoDB: one item per event, keyed by connection and time, expiring through the
 * table's TTL ({@code expires_at}) after the configured retention. An event's id is its sort key ({@code at}). A write that fails is logged as an error
 * (with everything but secrets) rather than failing the operation it records.
 */
public final class DynamoDbAuditTrail implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAuditTrail.class);
    static final String CONNECTION = "connection";
    static final String AT = "at";
    static final String EXPIRES_AT = "expires_at";
    private static final String CHANGES = "changes";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoDbAuditTrail(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public String record(AuditEvent event) {
        String id = sortKey(event.at());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CONNECTION, s(event.connectionId()));
        item.put(AT, s(id));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(event.at().plus(retention).getEpochSecond())));
        item.put("actor", s(event.actor()));
        item.put("action", s(event.action().name()));
        item.put("outcome", s(event.outcome()));
        put(item, "salesforce_error", event.salesforceError());
        put(item, "salesforce_description", event.salesforceDescription());
        put(item, "token_fingerprint", event.tokenFingerprint());
        put(item, "detail", event.detail());
        if (!event.changes().isEmpty()) {
            item.put(CHANGES, AttributeValue.fromL(event.changes().stream().map(DynamoDbAuditTrail::change).toList()));
        }
        try {
            dynamo.putItem(request -> request.tableName(table).item(item));
            return id;
        } catch (SdkException e) {
            // the operation it records has happened (a token renewed, a grant revoked): failing it now would lose more
            LOG.error("audit event not written ({}): connection {}, {} by {}, outcome {}, token {}", e.getClass().getSimpleName(),
                    event.connectionId(), event.action(), event.actor(), event.outcome(), event.tokenFingerprint());
            return null;
        }
    }

    @Override
    public List<AuditEvent> forConnection(String connectionId, int limit) {
        return dynamo.query(request -> request.tableName(table)
                        .keyConditionExpression("#connection = :id")
                        .expressionAttributeNames(Map.of("#connection", CONNECTION))
                        .expressionAttributeValues(Map.of(":id", s(connectionId)))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream()
                .map(DynamoDbAuditTrail::toEvent)
                .toList();
    }

    /**
     * Fixed-width UTC time to the millisecond, so keys sort by time; then this writer's sequence number, so events
     * of the same millisecond keep their order, and a random tag, so two writers never collide.
     */
    private static String sortKey(Instant at) {
        return TIME.format(at) + "#" + String.format("%012d", SEQUENCE.incrementAndGet()) + "#" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AuditEvent toEvent(Map<String, AttributeValue> item) {
        String at = item.get(AT).s();
        return new AuditEvent(item.get(CONNECTION).s(), Instant.from(TIME.parse(at.substring(0, at.indexOf('#')))), item.get("actor").s(),
                AuditEvent.Action.valueOf(item.get("action").s()), item.get("outcome").s(), text(item, "salesforce_error"),
                text(item, "salesforce_description"), text(item, "token_fingerprint"), text(item, "detail"),
                item.containsKey(CHANGES) ? item.get(CHANGES).l().stream().map(change -> change(change.m())).toList() : List.of());
    }

    /** A change as a map: {@code field}, and {@code before} and {@code after} where they have a value. */
    private static AttributeValue change(AuditEvent.Change change) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("field", s(change.field()));
        put(map, "before", change.before());
        put(map, "after", change.after());
        return AttributeValue.fromM(map);
    }

    private static AuditEvent.Change change(Map<String, AttributeValue> map) {
        return new AuditEvent.Change(map.get("field").s(), text(map, "before"), text(map, "after"));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
