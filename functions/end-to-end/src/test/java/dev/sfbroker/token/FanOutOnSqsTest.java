package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbroker.handlers.RefreshWorkerHandler;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.testing.BrokerEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The scheduled refresh's fan-out on a real SQS queue (ElasticMQ, in this JVM, over SQS's own protocol): two
 * overlapping schedule runs queue the same due connections, several refresh workers (each its own broker instance, as
 * Lambda containers are) drain the queue as the SQS event source does, and one worker dies mid-batch, after receiving
 * messages and renewing part of them, without deleting them. Every connection is renewed exactly once: the simulator
 * counts one token call per connection. {@code -Dbroker.fan-out-test.connections=} runs it with more connections.
 */
class FanOutOnSqsTest {
    private static final int CONNECTIONS = Integer.getInteger("broker.fan-out-test.connections", 2_000);
    private static final int WORKERS = 3;
    /** Short, so the dead worker's messages come back within the test. */
    private static final int VISIBILITY_SECONDS = 3;
    private static final int SQS_PORT = freePort();
    private static final SQSRestServer SQS = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(SQS_PORT).start();
    private static final URI SQS_ENDPOINT = URI.create("http://127.0.0.1:" + SQS_PORT);
    private static String queueUrl;

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam").configure(properties -> {
        createQueue();
        properties.put("aws.services.sqs.endpoint-override", SQS_ENDPOINT.toString());
        properties.put("broker.schedule.fan-out.queue-url", queueUrl);
        properties.put("broker.schedule.fan-out.above", 100);
        properties.put("broker.schedule.fan-out.per-message", 50);
        // one simulated user holds every connection; the per-user login budget must not be what is tested here
        properties.put("broker.login-budget.per-hour", LoginBudget.SALESFORCE_LIMIT_PER_HOUR);
    });

    @AfterAll
    static void stopSqs() {
        SQS.stopAndWait();
    }

    private static SqsClient sqs() {
        return SqsClient.builder().endpointOverride(SQS_ENDPOINT).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createQueue() {
        SQS.waitUntilStarted();
        try (SqsClient sqs = sqs()) {
            queueUrl = sqs.createQueue(r -> r.queueName("refresh-" + UUID.randomUUID())
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_SECONDS)))).queueUrl();
        }
    }

    @Test
    void overlappingRunsAndADeadWorkerStillRenewEachConnectionExactlyOnce() throws Exception {
        List<String> ids = IntStream.range(0, CONNECTIONS).mapToObj(i -> "fan-out-" + i).toList();
        ids.forEach(env::register);
        long callsBefore = env.salesforce().counters().tokenCalls();

        CompletableFuture<ScheduledRefreshHandler.Result> first = CompletableFuture.supplyAsync(this::scheduleRun);
        CompletableFuture<ScheduledRefreshHandler.Result> second = CompletableFuture.supplyAsync(this::scheduleRun);
        assertThat(first.get().queued()).as("the first run fans out instead of renewing").isEqualTo(CONNECTIONS);
        assertThat(second.get().queued()).as("the overlapping run queues the same connections").isEqualTo(CONNECTIONS);
        assertThat(first.get().renewed() + second.get().renewed()).isZero();

        try (SqsClient sqs = sqs()) {
            dieMidBatch(sqs);
            List<CompletableFuture<Void>> workers = IntStream.range(0, WORKERS)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> drain(sqs, new RefreshWorkerHandler(env.anotherInstance()))))
                    .toList();
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        }

        assertThat(env.salesforce().counters().tokenCalls() - callsBefore).as("one token call per connection").isEqualTo(CONNECTIONS);
        Set<String> renewed = env.context().getBean(ConnectionStore.class).findEach(ids).stream()
                .filter(connection -> connection.token() != null).map(Connection::id).collect(Collectors.toSet());
        assertThat(renewed).hasSize(CONNECTIONS);
    }

    private ScheduledRefreshHandler.Result scheduleRun() {
        return new ScheduledRefreshHandler(env.context()).execute(new ScheduledRefreshHandler.Input(10));
    }

    /** A worker that receives a batch, renews the first message's connections, and dies before deleting any. */
    private static void dieMidBatch(SqsClient sqs) {
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
        assertThat(received).isNotEmpty();
        new RefreshWorkerHandler(env.anotherInstance()).execute(event(received.subList(0, 1)));
    }

    /**
     * What the SQS event source does for one worker: receive up to ten messages, hand them over, delete all but the
     * reported failures. Stops once the queue stays empty for longer than the visibility timeout (so a dead worker's
     * messages have come back and been taken).
     */
    private static void drain(SqsClient sqs, RefreshWorkerHandler worker) {
        int emptyPolls = 0;
        while (emptyPolls <= VISIBILITY_SECONDS + 1) {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (received.isEmpty()) {
                emptyPolls++;
                continue;
            }
            emptyPolls = 0;
            Set<String> failed = worker.execute(event(received)).getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            for (Message message : received) {
                if (!failed.contains(message.messageId())) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    private static SQSEvent event(List<Message> messages) {
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
}
