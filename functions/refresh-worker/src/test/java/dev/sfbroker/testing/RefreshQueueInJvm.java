package dev.sfbroker.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The refresh workers' queue as a real SQS queue in this JVM (ElasticMQ, over SQS's own protocol), and what Lambda's
 * SQS event source does with it for each worker ({@link #drain}). The broker reaches it through
 * {@code aws.services.sqs.endpoint-override} ({@link #endpoint()}) and {@code broker.schedule.fan-out.queue-url}
 * ({@link #url()}).
 */
public final class RefreshQueueInJvm implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient sqs;
    private final String url;

    private RefreshQueueInJvm(SQSRestServer server, URI endpoint, int visibilitySeconds) {
        this.server = server;
        this.endpoint = endpoint;
        this.sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.url = sqs.createQueue(r -> r.queueName("refresh-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds)))).queueUrl();
    }

    /** A new queue whose messages come back {@code visibilitySeconds} after a receive that did not delete them. */
    public static RefreshQueueInJvm start(int visibilitySeconds) {
        int port = DynamoDbLocal.freePort();
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        server.waitUntilStarted();
        return new RefreshQueueInJvm(server, URI.create("http://127.0.0.1:" + port), visibilitySeconds);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String url() {
        return url;
    }

    /** Receives up to {@code max} messages, to be seen again after {@code visibilitySeconds} unless deleted. */
    public List<Message> receive(int max, int visibilitySeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilitySeconds)).messages();
    }

    /**
     * What the SQS event source does for one worker: receive up to {@code batchSize} messages, hand them to the worker
     * as one event, delete all but those it reports failed. Returns once {@code moreMayCome} says no more will be sent
     * and the queue holds no message, visible or in flight (so messages a dead worker left have come back and been taken).
     */
    public void drain(Function<SQSEvent, SQSBatchResponse> worker, int batchSize, BooleanSupplier moreMayCome) {
        while (true) {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(batchSize).waitTimeSeconds(1)).messages();
            if (received.isEmpty()) {
                if (!moreMayCome.getAsBoolean() && isEmpty()) {
                    return;
                }
                continue;
            }
            Set<String> failed = worker.apply(event(received)).getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            for (Message message : received) {
                if (!failed.contains(message.messageId())) {
                    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    private boolean isEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return counts.values().stream().allMatch("0"::equals);
    }

    /** The event Lambda hands a worker for these messages. */
    public static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setBody(message.body());
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
    }
}
