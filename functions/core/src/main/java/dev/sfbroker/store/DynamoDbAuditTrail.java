package dev.sfbroker.store;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The audit trail in DynamoDB: one item per event, keyed by connection and time, expiring through the
 * table's TTL ({@code expires_at}) after the configured retention. An event's id is its sort key ({@code at}). A write that fails is logged as an error
 * (with everything but secrets) rather than failing the operation it records. A scheduled run's events are written
 * in batches ({@link #batch()}).
 */
public final class DynamoDbAuditTrail implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAuditTrail.class);
    static final String CONNECTION = "connection";
    static final String AT = "at";
    static final String EXPIRES_AT = "expires_at";
    private static final String CHANGES = "changes";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** DynamoDB's limit on the items of one BatchWriteItem. */
    private static final int BATCH_WRITE_LIMIT = 25;
    /** BatchWriteItem calls for one batch's unprocessed items (pauses 50 ms to 0.8 s) before the rest are written one by one. */
    private static final int UNPROCESSED_ATTEMPTS = 6;
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(50);

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
        Map<String, AttributeValue> item = item(event);
        return putItem(item) ? text(item, AT) : null;
    }

    /**
     * Buffers events and writes them 25 (DynamoDB's limit) to a BatchWriteItem. Items DynamoDB leaves unprocessed are
     * sent again with doubling pauses; whatever a batch cannot write is written one item at a time, as {@link #record}
     * writes it, so no event is dropped unreported.
     */
    @Override
    public Batch batch() {
        return new Batch() {
            private final List<Map<String, AttributeValue>> buffered = new ArrayList<>();

            /** Returns the id the event is written under (by {@link #close()} at the latest). */
            @Override
            public String record(AuditEvent event) {
                Map<String, AttributeValue> item = item(event);
                List<Map<String, AttributeValue>> full = null;
                synchronized (this) {
                    buffered.add(item);
                    if (buffered.size() == BATCH_WRITE_LIMIT) {
                        full = List.copyOf(buffered);
                        buffered.clear();
                    }
                }
                if (full != null) {
                    write(full);
                }
                return text(item, AT);
            }

            @Override
            public void close() {
                List<Map<String, AttributeValue>> rest;
                synchronized (this) {
                    rest = List.copyOf(buffered);
                    buffered.clear();
                }
                if (!rest.isEmpty()) {
                    write(rest);
                }
            }
        };
    }

    private void write(List<Map<String, AttributeValue>> items) {
        Map<String, List<WriteRequest>> pending = Map.of(table, items.stream()
                .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList());
        Duration pause = FIRST_RETRY_PAUSE;
        try {
            for (int attempt = 1; !pending.isEmpty() && attempt <= UNPROCESSED_ATTEMPTS; attempt++) {
                if (attempt > 1) {
                    sleep(pause);
                    pause = pause.multipliedBy(2);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(batch -> batch.requestItems(request)).unprocessedItems();
            }
        } catch (SdkException e) {
            // each item has a key of its own, so writing again one that landed only overwrites it with itself
            LOG.warn("audit batch of {} events not written ({}); writing them one at a time", items.size(), e.getClass().getSimpleName());
            pending = Map.of(table, items.stream().map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList());
        }
        pending.getOrDefault(table, List.of()).forEach(request -> putItem(request.putRequest().item()));
    }

    private Map<String, AttributeValue> item(AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CONNECTION, s(event.connectionId()));
        item.put(AT, s(sortKey(event.at())));
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
        return item;
    }

    /** Whether the event was written. */
    private boolean putItem(Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(request -> request.tableName(table).item(item));
            return true;
        } catch (SdkException e) {
            // the operation it records has happened (a token renewed, a grant revoked): failing it now would lose more
            LOG.error("audit event not written ({}): connection {}, {} by {}, outcome {}, token {}", e.getClass().getSimpleName(),
                    text(item, CONNECTION), text(item, "action"), text(item, "actor"), text(item, "outcome"),
                    text(item, "token_fingerprint"));
            return false;
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

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
