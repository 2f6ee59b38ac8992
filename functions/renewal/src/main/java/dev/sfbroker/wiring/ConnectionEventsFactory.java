package dev.sfbroker.wiring;

import dev.sfbroker.events.ConnectionEventDetail;
import dev.sfbroker.events.EventBridgeConnectionEvents;
import dev.sfbroker.events.LoggedConnectionEvents;
import dev.sfbroker.token.ConnectionEvents;
import dev.sfbroker.token.RenewalEvents;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Connection state changes: to the EventBridge bus {@code broker.events.bus-name}, or, without one, to the log. The
 * EventBridge client is built only when a bus is set, like the KMS client (micronaut-aws-sdk-v2 has none), honouring
 * {@code aws.services.eventbridge.endpoint-override}.
 */
@Factory
final class ConnectionEventsFactory {

    @Singleton
    ConnectionEvents connectionEvents(EventsProperties events, JsonMapper json, RenewalEvents metrics, SdkHttpClient httpClient,
                                      AwsCredentialsProvider credentials, AwsRegionProvider region,
                                      @Nullable @Value("${aws.services.eventbridge.endpoint-override}") String endpointOverride) {
        ConnectionEventDetail detail = new ConnectionEventDetail(json);
        if (events.busName() == null || events.busName().isBlank()) {
            return new LoggedConnectionEvents(detail);
        }
        var builder = EventBridgeClient.builder().httpClient(httpClient).credentialsProvider(credentials).region(region.getRegion());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return new EventBridgeConnectionEvents(builder.build(), events.busName(), detail, metrics);
    }
}
