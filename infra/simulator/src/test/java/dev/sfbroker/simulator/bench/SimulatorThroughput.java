package dev.sfbroker.simulator.bench;

import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.JwtAssertion;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the simulator on loopback, clients and server in one JVM (so they share the CPUs):
 * JWT bearer exchanges per second, then REST calls per second, each from N client threads for a
 * bounded time and count, after a warm-up; plus the start-up time of a first simulator in a cold JVM.
 * The server's own CPU time per request (its worker and dispatcher threads) shows what it could
 * serve with the CPUs to itself.
 * Not a JUnit test; run it with the command in the README. Arguments (all optional):
 * {@code --threads N} (default 8), {@code --seconds S} per phase (default 10), {@code --max-requests M}
 * per phase (default 1,000,000), {@code --warmup S} (default 3), {@code --server-threads T} (default: the simulator's).
 */
public final class SimulatorThroughput {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private SimulatorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int threads = option(args, "--threads", 8);
        int seconds = option(args, "--seconds", 10);
        int maxRequests = option(args, "--max-requests", 1_000_000);
        int warmup = option(args, "--warmup", 3);
        int serverThreads = option(args, "--server-threads", 0);

        long started = System.nanoTime();
        SalesforceSimulator.Builder builder = SalesforceSimulator.builder();
        try (SalesforceSimulator sim = (serverThreads > 0 ? builder.threads(serverThreads) : builder).start()) {
            long startMillis = millisSince(started);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            send(http, HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/data")).build());
            long firstAnswerMillis = millisSince(started);
            System.out.printf("start-up: start() %d ms, first answer %d ms (cold JVM, first simulator)%n",
                    startMillis, firstAnswerMillis);
            System.out.printf("%d CPUs, %d client threads, %s server threads, %d s per phase (max %,d requests), %d s warm-up%n",
                    Runtime.getRuntime().availableProcessors(), threads,
                    serverThreads > 0 ? Integer.toString(serverThreads) : "default", seconds, maxRequests, warmup);

            // one user per client thread; the login rate (3,600 per user per hour) would stop a benchmark
            sim.settings().loginRatePerHour(Integer.MAX_VALUE);
            ConnectedAppKeys keys = ConnectedAppKeys.generate();
            SimOrg org = sim.addOrg("bench");
            SimConnectedApp app = org.addConnectedApp("Bench", keys.certificatePem());
            List<HttpRequest> exchanges = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SimUser user = org.addUser("bench" + i + "@bench.example");
                app.preAuthorize(user);
                String jwt = JwtAssertion.builder().issuer(app.consumerKey()).subject(user.username())
                        .audience(org.loginUrl()).expiresAt(sim.clock().instant().plus(Duration.ofHours(2)))
                        .sign(keys.privateKey());
                exchanges.add(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type="
                                + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                                + "&assertion=" + jwt))
                        .build());
            }
            List<HttpRequest> restCalls = new ArrayList<>();
            for (HttpRequest exchange : exchanges) {
                Matcher token = ACCESS_TOKEN.matcher(send(http, exchange).body());
                if (!token.find()) {
                    throw new IllegalStateException("the set-up exchange failed");
                }
                restCalls.add(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/data/v62.0/limits"))
                        .header("Authorization", "Bearer " + token.group(1)).GET().build());
            }

            Phase jwt = new Phase("JWT bearer exchanges", http, exchanges::get, threads);
            Phase rest = new Phase("REST calls (GET /limits)", http, restCalls::get, threads);
            for (Phase phase : List.of(jwt, rest)) {
                phase.run(Duration.ofSeconds(warmup), Long.MAX_VALUE);
                System.out.println(phase.run(Duration.ofSeconds(seconds), maxRequests));
            }
            System.out.printf("simulator counted %,d token calls and %,d REST calls in all%n",
                    sim.counters().tokenCalls(), sim.counters().restCalls());
        }
    }

    /** One kind of request sent by N threads in a loop. */
    private record Phase(String name, HttpClient http, IntFunction<HttpRequest> requestOfThread, int threads) {

        String run(Duration duration, long maxRequests) throws InterruptedException {
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long[][] latencies = new long[threads][];
            long deadline = System.nanoTime() + duration.toNanos();
            List<Thread> workers = new ArrayList<>();
            long serverCpu = serverCpuNanos();
            long started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(Thread.ofPlatform().start(() -> latencies[thread] =
                        loop(requestOfThread.apply(thread), deadline, maxRequests, sent, failed)));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            double serverCpuMicros = (serverCpuNanos() - serverCpu) / 1e3;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            return String.format("%-26s %,9d requests in %5.1f s = %,7.0f/s   p50 %5.2f ms  p99 %6.2f ms  failed %d"
                            + "   server CPU %,4.0f µs/request",
                    name, all.length, elapsed, all.length / elapsed, percentile(all, 0.50), percentile(all, 0.99), failed.get(),
                    all.length == 0 ? 0 : serverCpuMicros / all.length);
        }

        /**
         * CPU time of the simulator's threads: the JDK server's dispatcher, and its workers, or with
         * virtual threads (nothing else here uses them) their carriers.
         */
        private static long serverCpuNanos() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long total = 0;
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                String name = info == null ? "" : info.getThreadName();
                if (name.startsWith("HTTP-Dispatcher") || name.startsWith("sf-simulator-") || name.startsWith("ForkJoinPool-")) {
                    total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
                }
            }
            return total;
        }

        private long[] loop(HttpRequest request, long deadline, long maxRequests, AtomicLong sent, AtomicLong failed) {
            long[] latencies = new long[1024];
            int n = 0;
            while (System.nanoTime() < deadline && sent.incrementAndGet() <= maxRequests) {
                long start = System.nanoTime();
                try {
                    if (send(http, request).statusCode() != 200) {
                        failed.incrementAndGet();
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = System.nanoTime() - start;
            }
            return Arrays.copyOf(latencies, n);
        }

        private static double percentile(long[] sortedNanos, double p) {
            return sortedNanos.length == 0 ? 0 : sortedNanos[(int) Math.min(sortedNanos.length - 1, p * sortedNanos.length)] / 1e6;
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
