package dev.sfbroker.wiring;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Bounds every DynamoDB call, retries included ({@code broker.store.call-timeout}), on the client Micronaut builds. */
@Singleton
final class DynamoDbCallTimeout implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    private final StoreProperties store;

    DynamoDbCallTimeout(StoreProperties store) {
        this.store = store;
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        DynamoDbClientBuilder builder = event.getBean();
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        return builder.overrideConfiguration(current.toBuilder().apiCallTimeout(store.callTimeout()).build());
    }
}
