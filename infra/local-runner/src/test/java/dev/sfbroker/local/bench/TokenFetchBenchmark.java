package dev.sfbroker.local.bench;

import dev.sfbroker.local.LocalBroker;
import dev.sfbroker.local.LocalPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Token fetch throughput and latency of the broker's HTTP API (local server, DynamoDB Local, the simulator),
 * all on this machine: {@code --threads N --seconds S --warmup W}. Bounded in time; loopback only. The
 * numbers include DynamoDB Local's read per fetch, so they are a floor for the broker on this machine,
 * not a prediction of Lambda.
 */
public final class TokenFetchBenchmark {
    private TokenFetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = option(args, "--threads", 8);
        int seconds = option(args, "--seconds", 10);
        int warmup = option(args, "--warmup", 5);
        try (LocalBroker broker = LocalBroker.start(LocalPorts.anyFree())) {
            URI token = URI.create(broker.brokerUrl() + "/connections/" + LocalBroker.DEMO_CONNECTION + "/token");
            HttpClient http = HttpClient.newHttpClient();
            long firstStart = System.nanoTime();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(token).build(), HttpResponse.BodyHandlers.ofString());
            double firstMs = (System.nanoTime() - firstStart) / 1e6;
            if (first.statusCode() != 200) {
                throw new IllegalStateException("first fetch failed: " + first.body());
            }
            run(http, token, threads, Duration.ofSeconds(warmup));
            long[] latencies = run(http, token, threads, Duration.ofSeconds(seconds));
            Arrays.sort(latencies);
            System.out.printf("first fetch (mints a token): %.1f ms%n", firstMs);
            System.out.printf("%d threads, %d s: %d fetches, %.0f fetches/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", threads, seconds,
                    latencies.length, latencies.length / (double) seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies[latencies.length - 1] / 1e6);
        }
    }

    private static long[] run(HttpClient http, URI token, int threads, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                HttpRequest request = HttpRequest.newBuilder(token).build();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("fetch answered " + response.statusCode());
                    }
                    latencies.add(System.nanoTime() - start);
                }
                return latencies;
            }));
        }
        pool.shutdown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
