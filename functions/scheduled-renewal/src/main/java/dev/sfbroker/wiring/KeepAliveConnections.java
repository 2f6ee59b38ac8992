package dev.sfbroker.wiring;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The scheduled refresh has {@code broker.schedule.concurrency} DynamoDB requests in flight at once over the SDK's
 * URLConnection client, whose kept-alive connections are the JDK's: at most {@code http.maxConnections} (5) per host.
 * Past five, each request opens and closes a TCP connection of its own, which cost about a tenth of the broker's CPU
 * per renewal in the renewal benchmark. So the JDK keeps as many connections alive as renewals run at once. It reads
 * the property once, at its first HTTP connection, which comes after the DynamoDB client is built; a value set on
 * the command line is kept.
 */
@Singleton
final class KeepAliveConnections implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    static final String MAX_CONNECTIONS = "http.maxConnections";
    private final ScheduleProperties schedule;

    KeepAliveConnections(ScheduleProperties schedule) {
        this.schedule = schedule;
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        if (System.getProperty(MAX_CONNECTIONS) == null) {
            System.setProperty(MAX_CONNECTIONS, Integer.toString(schedule.concurrency()));
        }
        return event.getBean();
    }
}
