package dev.sfbroker.store;

import dev.sfbroker.token.PendingApprovals;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Web-server flows in progress in the connections table, one item per user and connected app under an id no connection
 * can have ({@code #pending-approvals/<user and app>}): a map of connection to expiry and a version every write is
 * conditional on. The item expires through the table's TTL once its last flow has.
 */
public final class DynamoDbPendingApprovals implements PendingApprovals {
    private static final String ID_PREFIX = "#pending-approvals/";
    // attribute names of the items; only the ops role writes them
    public static final String FLOWS = "flows";
    private static final String VERSION = DynamoDbConnectionStore.VERSION;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPendingApprovals(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Flows read(String userAndApp) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).key(key(userAndApp)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new Flows(userAndApp, Map.of(), 0);
        }
        Map<String, Instant> flows = item.get(FLOWS).m().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                flow -> Instant.ofEpochMilli(Long.parseLong(flow.getValue().n()))));
        return new Flows(userAndApp, flows, Long.parseLong(item.get(VERSION).n()));
    }

    @Override
    public boolean replace(Flows read, Map<String, Instant> flows) {
        Map<String, AttributeValue> item = new HashMap<>(key(read.userAndApp()));
        item.put(FLOWS, AttributeValue.fromM(flows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                flow -> n(flow.getValue().toEpochMilli())))));
        item.put(VERSION, n(read.version() + 1));
        long lastExpiry = flows.values().stream().mapToLong(Instant::getEpochSecond).max().orElse(0);
        item.put(ConnectionsTable.EXPIRES_AT, n(lastExpiry + 1));
        try {
            dynamo.putItem(request -> request.tableName(table).item(item)
                    .conditionExpression(read.version() == 0 ? "attribute_not_exists(#version)" : "#version = :read")
                    .expressionAttributeNames(Map.of("#version", VERSION))
                    .expressionAttributeValues(read.version() == 0 ? null : Map.of(":read", n(read.version()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Whether a connections-table item is one of these, not a connection. */
    static boolean holds(Map<String, AttributeValue> item) {
        AttributeValue id = item.get(ConnectionsTable.KEY);
        return id != null && id.s() != null && id.s().startsWith(ID_PREFIX);
    }

    private static Map<String, AttributeValue> key(String userAndApp) {
        return Map.of(ConnectionsTable.KEY, AttributeValue.fromS(ID_PREFIX + userAndApp));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
