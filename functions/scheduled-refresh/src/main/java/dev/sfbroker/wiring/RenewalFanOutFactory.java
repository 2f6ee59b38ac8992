package dev.sfbroker.wiring;

import dev.sfbroker.queue.SqsRenewalQueue;
import dev.sfbroker.token.ScheduledRenewal;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The scheduled refresh's fan-out, only when {@code broker.schedule.fan-out.queue-url} is set. Its SQS client is built
 * here, like the EventBridge client, honouring {@code aws.services.sqs.endpoint-override}.
 */
@Factory
final class RenewalFanOutFactory {

    @Singleton
    @Requires(property = "broker.schedule.fan-out.queue-url")
    ScheduledRenewal.FanOut fanOut(FanOutProperties fanOut, JsonMapper json, SdkHttpClient httpClient,
                                   AwsCredentialsProvider credentials, AwsRegionProvider region,
                                   @Nullable @Value("${aws.services.sqs.endpoint-override}") String endpointOverride) {
        var builder = SqsClient.builder().httpClient(httpClient).credentialsProvider(credentials).region(region.getRegion());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return new ScheduledRenewal.FanOut(fanOut.above(), fanOut.perMessage(),
                new SqsRenewalQueue(builder.build(), fanOut.queueUrl(), json));
    }
}
