package dev.sfbroker.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The schemas of the connections table and the audit table, for local runs and tests; {@code template.yaml}
 * declares the same tables for AWS.
 *
 * <p>The renewal index is sparse: only active connections carry {@code renewal_shard}, so the scheduled
 * refresh queries connections due for renewal, spread over a few shards so no partition gets hot, and
 * never reads blocked ones.
 *
 * <p>The table also holds the login budget's counters ({@link DynamoDbLoginBudgetLedger}), under ids no connection can
 * have; they alone carry {@code expires_at}, the table's TTL attribute.
 */
public final class ConnectionsTable {
    public static final String KEY = "id";
    static final String RENEWAL_INDEX = "renewal-due";
    public static final String RENEWAL_SHARD = "renewal_shard";
    public static final String RENEW_AT = "renew_at";
    static final int RENEWAL_SHARDS = 8;
    public static final String EXPIRES_AT = "expires_at";

    private ConnectionsTable() {
    }

    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(request -> request.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(KEY, ScalarAttributeType.S),
                        attribute(RENEWAL_SHARD, ScalarAttributeType.S),
                        attribute(RENEW_AT, ScalarAttributeType.N))
                .keySchema(key(KEY, KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(RENEWAL_INDEX)
                        .keySchema(key(RENEWAL_SHARD, KeyType.HASH), key(RENEW_AT, KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
        dynamo.waiter().waitUntilTableExists(request -> request.tableName(tableName));
        dynamo.updateTimeToLive(request -> request.tableName(tableName)
                .timeToLiveSpecification(ttl -> ttl.enabled(true).attributeName(EXPIRES_AT)));
    }

    /** The audit table: events per connection, newest last by time, expiring through TTL. */
    public static void createAuditTable(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(request -> request.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(DynamoDbAuditTrail.CONNECTION, ScalarAttributeType.S),
                        attribute(DynamoDbAuditTrail.AT, ScalarAttributeType.S))
                .keySchema(key(DynamoDbAuditTrail.CONNECTION, KeyType.HASH), key(DynamoDbAuditTrail.AT, KeyType.RANGE)));
        dynamo.waiter().waitUntilTableExists(request -> request.tableName(tableName));
        dynamo.updateTimeToLive(request -> request.tableName(tableName)
                .timeToLiveSpecification(ttl -> ttl.enabled(true).attributeName(DynamoDbAuditTrail.EXPIRES_AT)));
    }

    static String shardOf(String connectionId) {
        return Integer.toString(Math.floorMod(connectionId.hashCode(), RENEWAL_SHARDS));
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
