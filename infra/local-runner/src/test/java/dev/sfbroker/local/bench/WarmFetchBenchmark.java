package dev.sfbroker.local.bench;

import dev.sfbroker.access.Caller;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.token.TokenService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A warm token fetch against a raw SDK {@code GetItem} of the same item on the same DynamoDB Local, measured side by
 * side in one run, interleaved in rounds so both see the same machine: {@code --rounds 10 --per-round 2000}.
 *
 * <p>In process: {@code TokenService.tokenFor} with the token cache off (one consistent read per fetch) and on (the
 * default staleness), against the raw read. Over the local HTTP server: the token route against the health route (a
 * route doing nothing) plus the raw read. The figures are medians over rounds of each round's median.
 */
public final class WarmFetchBenchmark {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

    private WarmFetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = option(args, "--rounds", 10);
        int perRound = option(args, "--per-round", 2000);
        BrokerEnvironment world = BrokerEnvironment.forMicronautTest("development");
        int exitCode = 1;
        try {
            Map<String, Object> properties = new HashMap<>(world.properties());
            properties.put("micronaut.server.port", Integer.toString(DynamoDbLocal.freePort()));
            properties.put("micronaut.server.thread-selection", "BLOCKING");
            properties.put("broker.token-cache.staleness", "0s");
            try (EmbeddedServer uncachedServer = ApplicationContext.run(EmbeddedServer.class, properties);
                 ApplicationContext cachedContext = ApplicationContext.run(withDefaultStaleness(properties))) {
                ApplicationContext uncachedContext = uncachedServer.getApplicationContext();
                world.use(uncachedContext).register("warm");
                TokenService uncached = uncachedContext.getBean(TokenService.class);
                TokenService cached = cachedContext.getBean(TokenService.class);
                uncached.tokenFor("warm", CALLER);
                cached.tokenFor("warm", CALLER);

                DynamoDbClient raw = DynamoDbLocal.client();
                Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("warm"));
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + uncachedServer.getPort());
                HttpRequest tokenRoute = HttpRequest.newBuilder(base.resolve("/connections/warm/token")).build();
                HttpRequest healthRoute = HttpRequest.newBuilder(base.resolve("/health")).build();

                Map<String, Operation> operations = new LinkedHashMap<>();
                operations.put("raw GetItem (consistent)", () -> raw.getItem(r -> r.tableName(world.table()).key(key).consistentRead(true)));
                operations.put("token service, cache off", () -> uncached.tokenFor("warm", CALLER));
                operations.put("token service, cache on (5 s)", () -> cached.tokenFor("warm", CALLER));
                operations.put("HTTP token route, cache off", () -> send(http, tokenRoute));
                operations.put("HTTP health route", () -> send(http, healthRoute));

                Map<String, double[]> medians = new LinkedHashMap<>();
                operations.keySet().forEach(name -> medians.put(name, new double[rounds]));
                for (int round = -2; round < rounds; round++) {
                    for (Map.Entry<String, Operation> operation : operations.entrySet()) {
                        double median = medianMicros(operation.getValue(), perRound);
                        if (round >= 0) {
                            medians.get(operation.getKey())[round] = median;
                        }
                    }
                }
                double rawRead = median(medians.get("raw GetItem (consistent)"));
                double health = median(medians.get("HTTP health route"));
                System.out.printf("%d rounds of %d calls each, after 2 warm-up rounds; median of the rounds' medians%n", rounds, perRound);
                medians.forEach((name, values) -> System.out.printf("%-32s %8.1f µs  %5.2fx the raw read%n", name, median(values),
                        median(values) / rawRead));
                System.out.printf("HTTP token route against health route + raw read: %.2fx%n",
                        median(medians.get("HTTP token route, cache off")) / (health + rawRead));
                exitCode = 0;
            }
        } finally {
            world.close();
        }
        // DynamoDB Local's server threads would keep this JVM alive
        System.exit(exitCode);
    }

    private interface Operation {
        void run() throws Exception;
    }

    private static Map<String, Object> withDefaultStaleness(Map<String, Object> properties) {
        Map<String, Object> cached = new HashMap<>(properties);
        cached.remove("broker.token-cache.staleness");
        return cached;
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
    }

    private static double medianMicros(Operation operation, int calls) throws Exception {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            operation.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[calls / 2] / 1e3;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
