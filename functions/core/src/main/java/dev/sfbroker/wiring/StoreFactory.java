package dev.sfbroker.wiring;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.observability.CloudWatchMetrics;
import dev.sfbroker.store.DynamoDbAuditTrail;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.ServedTokenCache;
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

    /** One per container, shared by what serves tokens and what changes connections (locally, in one JVM). */
    @Singleton
    ServedTokenCache servedTokenCache(TokenCacheProperties cache, Clock clock) {
        return new ServedTokenCache(cache.staleness(), clock);
    }

    /** The functions' {@link RenewalEvents}, as its own type so that priming can warm its serialiser. */
    @Singleton
    CloudWatchMetrics renewalEvents(@Value("${aws.lambda.function.name:local}") String function) {
        return new CloudWatchMetrics(function, System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null);
    }
}
