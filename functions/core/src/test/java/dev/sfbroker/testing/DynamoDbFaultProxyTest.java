package dev.sfbroker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.store.ConnectionsTable;
import dev.sfbroker.testing.DynamoDbFaultProxy.Fault;
import dev.sfbroker.testing.DynamoDbFaultProxy.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The proxy's faults as the AWS SDK sees them: once through a client without retries (what one attempt meets), and
 * once through a client with the SDK's default retries, as the broker's is.
 */
class DynamoDbFaultProxyTest {
    private static final String TABLE = "proxy-" + UUID.randomUUID();
    private static DynamoDbFaultProxy proxy;
    private static DynamoDbClient retrying;
    private static DynamoDbClient singleAttempt;

    @BeforeAll
    static void start() {
        ConnectionsTable.create(DynamoDbLocal.client(), TABLE);
        proxy = DynamoDbFaultProxy.start(DynamoDbLocal.endpoint());
        retrying = DynamoDbLocal.clientFor(proxy.endpoint()).build();
        singleAttempt = DynamoDbLocal.clientFor(proxy.endpoint())
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterEach
    void clear() {
        proxy.clear();
        proxy.resetCounts();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void forwardsAndCountsPerOperation() {
        put(retrying, "forwarded");

        assertThat(get(retrying, "forwarded")).containsEntry("n", AttributeValue.fromN("0"));
        assertThat(proxy.counts().of(Operation.PUT_ITEM)).isEqualTo(1);
        assertThat(proxy.counts().of(Operation.GET_ITEM)).isEqualTo(1);
        assertThat(proxy.counts().applied(Operation.PUT_ITEM)).isEqualTo(1);
    }

    @Test
    void throttlingAnswersAreTheSdksThrottlingErrorsAndItRetriesThem() {
        proxy.fail(Operation.PUT_ITEM, Fault.PROVISIONED_THROUGHPUT_EXCEEDED).times(1);
        proxy.fail(Operation.PUT_ITEM, Fault.THROTTLING).times(1);

        ProvisionedThroughputExceededException provisioned =
                catchThrowableOfType(ProvisionedThroughputExceededException.class, () -> put(singleAttempt, "throttled"));
        DynamoDbException throttling = catchThrowableOfType(DynamoDbException.class, () -> put(singleAttempt, "throttled"));

        assertThat(provisioned.isThrottlingException()).isTrue();
        assertThat(provisioned.statusCode()).isEqualTo(400);
        assertThat(throttling.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(throttling.isThrottlingException()).isTrue();
        assertThat(get(retrying, "throttled")).isNull();

        proxy.fail(Operation.PUT_ITEM, Fault.PROVISIONED_THROUGHPUT_EXCEEDED).times(2);
        put(retrying, "throttled");
        assertThat(proxy.counts().of(Operation.PUT_ITEM, Fault.PROVISIONED_THROUGHPUT_EXCEEDED)).isEqualTo(3);
        assertThat(proxy.counts().applied(Operation.PUT_ITEM)).isEqualTo(1);
    }

    @Test
    void anInternalServerErrorIsA500TheSdkRetries() {
        proxy.fail(Operation.GET_ITEM, Fault.INTERNAL_SERVER_ERROR).times(1);
        InternalServerErrorException failed = catchThrowableOfType(InternalServerErrorException.class, () -> get(singleAttempt, "any"));
        assertThat(failed.statusCode()).isEqualTo(500);

        put(retrying, "after-500");
        proxy.fail(Operation.GET_ITEM, Fault.INTERNAL_SERVER_ERROR).times(3);
        assertThat(get(retrying, "after-500")).isNotNull();
        assertThat(proxy.counts().of(Operation.GET_ITEM)).isEqualTo(5);
    }

    @Test
    void aConnectionDroppedBeforeDynamoDbSawTheRequestAppliesNothing() {
        proxy.fail(Operation.PUT_ITEM, Fault.DROP_BEFORE_APPLY).always();

        assertThat(catchThrowableOfType(SdkClientException.class, () -> put(singleAttempt, "dropped-before"))).isNotNull();

        proxy.clear();
        assertThat(get(retrying, "dropped-before")).isNull();
        assertThat(proxy.counts().applied(Operation.PUT_ITEM)).isZero();
    }

    @Test
    void aConnectionDroppedAfterDynamoDbAppliedTheWriteLeavesItWrittenAndItsRetryFindsItThere() {
        proxy.fail(Operation.PUT_ITEM, Fault.DROP_AFTER_APPLY).times(1);

        // the retried conditional write meets its own first attempt: exactly what the store must recognise
        assertThat(catchThrowableOfType(ConditionalCheckFailedException.class, () -> putIfAbsent(retrying, "dropped-after")))
                .isNotNull();

        assertThat(get(retrying, "dropped-after")).isNotNull();
        assertThat(proxy.counts().of(Operation.PUT_ITEM, Fault.DROP_AFTER_APPLY)).isEqualTo(1);
        assertThat(proxy.counts().applied(Operation.PUT_ITEM)).isEqualTo(2);
    }

    @Test
    void aRuleCanSelectRequestsByBodyAndFireWithASeededProbability() {
        proxy.fail(Operation.PUT_ITEM, Fault.INTERNAL_SERVER_ERROR).matching(body -> body.contains("\"selected\"")).always();
        put(retrying, "not-selected");
        assertThat(proxy.counts().of(Operation.PUT_ITEM, Fault.INTERNAL_SERVER_ERROR)).isZero();

        proxy.clear();
        assertThat(throttledOutOfTwenty(7)).isEqualTo(throttledOutOfTwenty(7)).isBetween(1L, 19L);
    }

    @Test
    void latencyDelaysTheAnswer() {
        proxy.delay(Operation.GET_ITEM, Duration.ofMillis(300)).times(1);

        long started = System.nanoTime();
        get(retrying, "slow");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(proxy.counts().of(Operation.GET_ITEM, Fault.LATENCY)).isEqualTo(1);
        assertThat(proxy.counts().applied(Operation.GET_ITEM)).isEqualTo(1);
    }

    private static long throttledOutOfTwenty(long seed) {
        proxy.resetCounts();
        proxy.fail(Operation.GET_ITEM, Fault.THROTTLING).withProbability(0.5, seed);
        for (int i = 0; i < 20; i++) {
            try {
                get(singleAttempt, "any");
            } catch (DynamoDbException expected) {
                // a throttled attempt
            }
        }
        proxy.clear();
        return proxy.counts().of(Operation.GET_ITEM, Fault.THROTTLING);
    }

    private static void put(DynamoDbClient client, String id) {
        client.putItem(request -> request.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN("0"))));
    }

    private static void putIfAbsent(DynamoDbClient client, String id) {
        client.putItem(request -> request.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id)))
                .conditionExpression("attribute_not_exists(id)"));
    }

    private static Map<String, AttributeValue> get(DynamoDbClient client, String id) {
        Map<String, AttributeValue> item = client.getItem(request -> request.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
