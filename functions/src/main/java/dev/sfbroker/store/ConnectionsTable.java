package dev.sfbroker.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The connections table's key schema, for local runs and tests; {@code template.yaml} declares the same
 * table for AWS.
 */
public final class ConnectionsTable {
    static final String KEY = "id";

    private ConnectionsTable() {
    }

    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(request -> request.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(request -> request.tableName(tableName));
    }
}
