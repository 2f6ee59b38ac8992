package dev.sfbroker.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start baseline: a Lambda handler on the AWS SDK alone that reads one connection item with a consistent
 * GetItem, as the token function does, and answers whether it was there. No framework, no decryption, no JSON.
 * Table and item come from {@code BROKER_STORE_CONNECTIONS_TABLE} and the event's {@code id}.
 */
public final class BareGetItemHandler implements RequestHandler<Map<String, Object>, String> {
    private final DynamoDbClient dynamo = DynamoDbClient.builder()
            .region(Region.of(System.getenv("AWS_REGION")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private final String table = System.getenv("BROKER_STORE_CONNECTIONS_TABLE");

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        var item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(String.valueOf(event.get("id")))))).item();
        return "{\"found\":" + !item.isEmpty() + "}";
    }
}
