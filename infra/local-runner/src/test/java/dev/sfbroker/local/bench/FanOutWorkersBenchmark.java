package dev.sfbroker.local.bench;

import dev.sfbroker.handlers.RefreshWorkerHandler;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.RefreshQueueInJvm;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Wall time of a fixed due set against the number of refresh workers:
 * {@code --connections 10000 --workers 1,2,4 --rounds 2 --latency-ms 50 --concurrency 16 --per-message 100 --warmup 2000}.
 *
 * <p>Everything runs in this JVM: DynamoDB Local, the Salesforce simulator (with the given latency on its token
 * endpoint), the refresh workers' queue (ElasticMQ), one broker instance for the schedule and one per worker (as
 * Lambda containers are), each worker fed by its own copy of the SQS event source (batches of 5 messages, as the
 * template's). Per round and worker count, N fresh due connections (each of its own Salesforce user) are queued by one
 * scheduled run; the wall time is from the workers' start until the queue is empty. Rounds go through the worker
 * counts in turn, so each count sees the same machine; every figure is also given as a ratio against one worker in the
 * same round, and over all rounds. The simulator must count exactly N token calls per measurement (the run fails otherwise).
 */
public final class FanOutWorkersBenchmark {
    /** Messages a worker invocation is handed, as the template's event source (BatchSize). */
    private static final int EVENT_BATCH = 5;
    private static final int VISIBILITY_SECONDS = 720;

    private FanOutWorkersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = option(args, "--connections", "10000");
        int rounds = option(args, "--rounds", "2");
        int latencyMs = option(args, "--latency-ms", "50");
        int concurrency = option(args, "--concurrency", "16");
        int warmup = option(args, "--warmup", "2000");
        int perMessage = option(args, "--per-message", "100");
        int[] workerCounts = Arrays.stream(textOption(args, "--workers", "1,2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        int exitCode = 1;
        try (RefreshQueueInJvm queue = RefreshQueueInJvm.start(VISIBILITY_SECONDS)) {
            BrokerEnvironment world = BrokerEnvironment.forMicronautTest("iam").configure(properties -> {
                properties.put("aws.services.sqs.endpoint-override", queue.endpoint().toString());
                properties.put("broker.schedule.fan-out.queue-url", queue.url());
                properties.put("broker.schedule.fan-out.above", 1);
                properties.put("broker.schedule.fan-out.per-message", perMessage);
                properties.put("broker.schedule.concurrency", concurrency);
            });
            try {
                Map<String, Object> properties = new HashMap<>(world.properties());
                world.salesforce().faults().on(SimEndpoint.TOKEN).latency(Duration.ofMillis(latencyMs));
                int most = Arrays.stream(workerCounts).max().orElseThrow();
                ApplicationContext scheduler = ApplicationContext.run(properties);
                List<RefreshWorkerHandler> workers = IntStream.range(0, most)
                        .mapToObj(i -> new RefreshWorkerHandler(ApplicationContext.run(properties))).toList();
                System.out.printf("connections %d (%d a message, %d messages an invocation), Salesforce latency %d ms, concurrency %d per"
                        + " worker, %d rounds, warm-up %d%n", connections, perMessage, EVENT_BATCH, latencyMs, concurrency, rounds, warmup);
                measure(world, queue, scheduler, workers, "warm-up-", warmup);

                boolean exact = true;
                Map<Integer, List<Double>> seconds = new LinkedHashMap<>();
                for (int round = 1; round <= rounds; round++) {
                    for (int count : workerCounts) {
                        Drained drained = measure(world, queue, scheduler, workers.subList(0, count), "r" + round + "-w" + count + "-", connections);
                        exact &= drained.exactlyOnce();
                        seconds.computeIfAbsent(count, c -> new ArrayList<>()).add(drained.seconds());
                        double baseline = seconds.get(workerCounts[0]).get(round - 1);
                        System.out.printf("round %d, %d worker(s): %.1f s, %.0f renewals/s, %.2fx the wall time of %d worker(s)%n", round, count,
                                drained.seconds(), connections / drained.seconds(), drained.seconds() / baseline, workerCounts[0]);
                    }
                }
                double baselineTotal = seconds.get(workerCounts[0]).stream().mapToDouble(Double::doubleValue).sum();
                seconds.forEach((count, runs) -> {
                    double total = runs.stream().mapToDouble(Double::doubleValue).sum();
                    System.out.printf("%d worker(s), all rounds: %.1f s, %.2fx%n", count, total, total / baselineTotal);
                });
                exitCode = exact ? 0 : 1;
            } finally {
                world.close();
            }
        }
        // DynamoDB Local's and the contexts' threads would keep this JVM alive
        System.exit(exitCode);
    }

    /** How long the workers took, and whether the simulator counted one token call per queued connection. */
    private record Drained(double seconds, boolean exactlyOnce) {
    }

    /** Queues {@code count} fresh due connections with one scheduled run, then lets the workers drain the queue. */
    private static Drained measure(BrokerEnvironment world, RefreshQueueInJvm queue, ApplicationContext scheduler,
                                  List<RefreshWorkerHandler> workers, String prefix, int count) throws Exception {
        world.registerEachWithItsOwnUser(prefix, count);
        ScheduledRefreshHandler.Result queued = new ScheduledRefreshHandler(scheduler).execute(new ScheduledRefreshHandler.Input(10));
        long callsBefore = world.salesforce().counters().tokenCalls();
        long start = System.nanoTime();
        // a thread per worker: the common pool has one thread on a machine of two cores
        try (ExecutorService threads = Executors.newFixedThreadPool(workers.size())) {
            CompletableFuture.allOf(workers.stream()
                    .map(worker -> CompletableFuture.runAsync(() -> queue.drain(worker::execute, EVENT_BATCH, () -> false), threads))
                    .toArray(CompletableFuture[]::new)).get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long calls = world.salesforce().counters().tokenCalls() - callsBefore;
        boolean exactlyOnce = queued.queued() == count && calls == count;
        if (!exactlyOnce) {
            System.out.printf("%s: queued %d, token calls %d, not %d%n", prefix, queued.queued(), calls, count);
        }
        return new Drained(seconds, exactlyOnce);
    }

    private static int option(String[] args, String name, String fallback) {
        return Integer.parseInt(textOption(args, name, fallback));
    }

    private static String textOption(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
