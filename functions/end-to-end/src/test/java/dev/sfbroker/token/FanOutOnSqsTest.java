package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.handlers.RefreshWorkerHandler;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.RefreshQueueInJvm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The scheduled refresh's fan-out at scale on a real SQS queue (ElasticMQ, in this JVM, over SQS's own protocol). Each
 * connection belongs to a Salesforce user of its own, so the per-user login budget is never what limits the run, and
 * the simulator's token calls per user are the token calls per connection. Two overlapping schedule runs queue every
 * due connection, a worker receives a batch of messages and dies mid-batch (it renews the first message's connections
 * and half of the second's, and deletes none), several refresh workers (each its own broker instance, as Lambda
 * containers are) drain the queue as the SQS event source does, and a third schedule run starts while they do. Every
 * connection is renewed exactly once: one token call per connection at the simulator, one {@code RENEWED} event per
 * connection in the audit trail.
 *
 * <p>{@code -Dbroker.fan-out-test.connections=100000} runs it at scale (the normal build runs 2,000: a renewal costs
 * milliseconds of CPU here, shared by the broker instances, DynamoDB Local and the simulator);
 * {@code -Dbroker.fan-out-test.workers=} sets how many workers drain the queue (3).
 */
class FanOutOnSqsTest {
    private static final int CONNECTIONS = Integer.getInteger("broker.fan-out-test.connections", 2_000);
    private static final int WORKERS = Integer.getInteger("broker.fan-out-test.workers", 3);
    private static final int PER_MESSAGE = 50;
    /** Messages one worker invocation is handed, as the template's event source (BatchSize). */
    private static final int EVENT_BATCH = 5;
    /** The queue's: longer than a worker takes over its messages, as the template's is. */
    private static final int VISIBILITY_SECONDS = 120;
    /** The dying worker's messages come back after this, so within the test. */
    private static final int DEAD_WORKER_VISIBILITY_SECONDS = 3;
    private static final RefreshQueueInJvm QUEUE = RefreshQueueInJvm.start(VISIBILITY_SECONDS);
    /** A thread each for the runs and the workers: the common pool has one thread on a machine of two cores. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam").configure(properties -> {
        properties.put("aws.services.sqs.endpoint-override", QUEUE.endpoint().toString());
        properties.put("broker.schedule.fan-out.queue-url", QUEUE.url());
        properties.put("broker.schedule.fan-out.above", 100);
        properties.put("broker.schedule.fan-out.per-message", PER_MESSAGE);
    });

    @AfterAll
    static void stopQueue() {
        THREADS.shutdownNow();
        QUEUE.close();
    }

    @Test
    void overlappingRunsAndADeadWorkerStillRenewEachConnectionExactlyOnce() throws Exception {
        long seeding = System.nanoTime();
        List<Connection> connections = env.registerEachWithItsOwnUser("fan-out-", CONNECTIONS);
        System.out.printf("seeded %d connections in %.1f s%n", CONNECTIONS, (System.nanoTime() - seeding) / 1e9);
        long callsBefore = env.salesforce().counters().tokenCalls();
        long start = System.nanoTime();

        CompletableFuture<ScheduledRefreshHandler.Result> first = CompletableFuture.supplyAsync(FanOutOnSqsTest::scheduleRun, THREADS);
        CompletableFuture<ScheduledRefreshHandler.Result> second = CompletableFuture.supplyAsync(FanOutOnSqsTest::scheduleRun, THREADS);
        assertThat(first.get().queued()).as("the first run fans out instead of renewing").isEqualTo(CONNECTIONS);
        assertThat(second.get().queued()).as("the overlapping run queues the same connections").isEqualTo(CONNECTIONS);
        assertThat(first.get().batchesQueued()).isEqualTo((CONNECTIONS + PER_MESSAGE - 1) / PER_MESSAGE);
        assertThat(first.get().renewed() + second.get().renewed()).isZero();

        dieMidBatch();
        AtomicBoolean schedulesDone = new AtomicBoolean();
        AtomicInteger invocationsRunning = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<CompletableFuture<Void>> workers = IntStream.range(0, WORKERS)
                .mapToObj(i -> new RefreshWorkerHandler(env.anotherInstance()))
                .map(worker -> CompletableFuture.runAsync(() -> QUEUE.drain(event -> {
                    mostAtOnce.accumulateAndGet(invocationsRunning.incrementAndGet(), Math::max);
                    try {
                        return worker.execute(event);
                    } finally {
                        invocationsRunning.decrementAndGet();
                    }
                }, EVENT_BATCH, () -> !schedulesDone.get()), THREADS))
                .toList();
        // a third run while the workers renew: it queues (or renews itself) what is still due
        while (env.salesforce().counters().tokenCalls() - callsBefore < CONNECTIONS / 3) {
            Thread.sleep(100);
        }
        ScheduledRefreshHandler.Result third = scheduleRun();
        schedulesDone.set(true);
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d connections, %d workers: renewed in %.1f s (%.0f renewals/s); the third run found %d due, queued %d%n",
                CONNECTIONS, WORKERS, seconds, CONNECTIONS / seconds, third.due(), third.queued());

        assertThat(mostAtOnce.get()).as("workers renewed at the same time").isGreaterThan(1);
        assertThat(env.salesforce().counters().tokenCalls() - callsBefore).as("one token call per connection").isEqualTo(CONNECTIONS);
        assertThat(connections).as("each connection's user logged in once").allSatisfy(connection ->
                assertThat(env.salesforce().counters().userCalls(connection.username(), SimEndpoint.TOKEN)).as(connection.id()).isEqualTo(1));
        Map<String, Long> renewals = renewedEvents();
        assertThat(connections).as("one RENEWED audit event per connection")
                .allSatisfy(connection -> assertThat(renewals.get(connection.id())).as(connection.id()).isEqualTo(1));
        Set<String> withToken = env.context().getBean(ConnectionStore.class).findEach(connections.stream().map(Connection::id).toList())
                .stream().filter(connection -> connection.token() != null).map(Connection::id).collect(Collectors.toSet());
        assertThat(withToken).hasSize(CONNECTIONS);
    }

    private static ScheduledRefreshHandler.Result scheduleRun() {
        return new ScheduledRefreshHandler(env.context()).execute(new ScheduledRefreshHandler.Input(10));
    }

    /**
     * A worker that receives a batch of messages, renews the first message's connections and the first half of the
     * second's, and dies: it deletes none, so they all come back after its visibility timeout.
     */
    private static void dieMidBatch() {
        List<Message> received = QUEUE.receive(EVENT_BATCH, DEAD_WORKER_VISIBILITY_SECONDS);
        assertThat(received).hasSizeGreaterThan(1);
        Message second = received.get(1);
        String halfOfSecond = second.body().substring(0, second.body().indexOf(',', second.body().length() / 2)) + "]";
        new RefreshWorkerHandler(env.anotherInstance()).execute(RefreshQueueInJvm.event(
                List.of(received.getFirst(), second.toBuilder().body(halfOfSecond).build())));
    }

    /** {@code RENEWED} events in the audit table, per connection (a parallel scan). */
    private static Map<String, Long> renewedEvents() {
        int segments = 4;
        Map<String, Long> counts = new ConcurrentHashMap<>();
        try (DynamoDbClient dynamo = DynamoDbLocal.client()) {
            IntStream.range(0, segments).parallel().forEach(segment -> dynamo.scanPaginator(r -> r.tableName(env.auditTable())
                            .segment(segment).totalSegments(segments)
                            .projectionExpression("#connection").filterExpression("#action = :renewed")
                            .expressionAttributeNames(Map.of("#connection", "connection", "#action", "action"))
                            .expressionAttributeValues(Map.of(":renewed", AttributeValue.fromS(AuditEvent.Action.RENEWED.name()))))
                    .items().forEach(item -> counts.merge(item.get("connection").s(), 1L, Long::sum)));
        }
        return counts;
    }
}
