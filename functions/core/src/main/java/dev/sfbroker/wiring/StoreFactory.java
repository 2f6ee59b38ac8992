package dev.sfbroker.wiring;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.observability.CloudWatchMetrics;
import dev.sfbroker.store.DynamoDbAuditTrail;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.RenewalEvents;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The connections table, the audit trail and the metrics every function records to. */
@Factory
final class StoreFactory {

    @Singleton
    ConnectionStore connectionStore(DynamoDbClient dynamo, StoreProperties store, TokenCipher cipher, JsonMapper json, Clock clock) {
        return new DynamoDbConnectionStore(dynamo, store.connectionsTable(), cipher, json, clock);
    }

    @Singleton
    AuditTrail auditTrail(DynamoDbClient dynamo, StoreProperties store, AuditProperties audit) {
        return new DynamoDbAuditTrail(dynamo, store.auditTable(), audit.retention());
    }

    @Singleton
    RenewalEvents renewalEvents(@Value("${aws.lambda.function.name:local}") String function) {
        return new CloudWatchMetrics(function, System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null);
    }
}
