package dev.sfbroker.local.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.LoginHost;
import io.micronaut.context.ApplicationContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * One scheduled invocation over N due JWT bearer connections:
 * {@code --connections 10000 --latency-ms 50 --concurrency 16 --warmup 1000 [--jfr file.jfr]}.
 *
 * <p>This JVM runs DynamoDB Local and the Salesforce simulator (with the given latency on its token endpoint); the
 * broker runs in a JVM of its own, so its CPU time (every thread of it, its GC and JIT included) and its heap are
 * the broker's alone. The broker first renews {@code --warmup} connections (a warm container, as a schedule
 * every few minutes finds it), then the measured invocation renews N. DynamoDB requests are counted at the SDK by
 * an execution interceptor, per operation and per HTTP attempt; token calls are counted by the simulator and must
 * be exactly N.
 */
public final class RenewalBenchmark {
    private static final String INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private RenewalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = option(args, "--connections", 1000);
        int latencyMs = option(args, "--latency-ms", 50);
        int concurrency = option(args, "--concurrency", 16);
        int warmup = option(args, "--warmup", 1000);
        String jfr = textOption(args, "--jfr");
        BrokerEnvironment world = BrokerEnvironment.forMicronautTest("iam");
        int exitCode = 1;
        try {
            Map<String, String> properties = world.properties();
            // the connections share one integration user here; Salesforce's per-user login limit is not what is measured
            world.salesforce().settings().loginRatePerHour(Integer.MAX_VALUE);
            world.salesforce().faults().on(SimEndpoint.TOKEN).latency(Duration.ofMillis(latencyMs));
            Path interceptorDir = Files.createTempDirectory("bench-interceptors");
            Path list = interceptorDir.resolve(INTERCEPTORS);
            Files.createDirectories(list.getParent());
            Files.writeString(list, CountingInterceptor.class.getName() + "\n");

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "--enable-native-access=ALL-UNNAMED"));
            if (jfr != null) {
                // CPU-time samples (Linux): where the broker's CPU goes, not where its threads wait for a core on a busy machine
                command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,jdk.CPUTimeSample#enabled=true,"
                        + "jdk.CPUTimeSample#throttle=5ms");
            }
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-Dbroker.schedule.concurrency=" + concurrency);
            command.addAll(List.of("-cp", interceptorDir + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                    Broker.class.getName(), world.salesforce().baseUrl(), world.user().username(), Integer.toString(warmup),
                    Integer.toString(connections)));
            Process broker = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();

            String measured = null;
            long tokenCallsBefore = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("MEASURING")) {
                        tokenCallsBefore = world.salesforce().counters().jwtBearerCalls();
                    } else if (line.startsWith("RESULT ")) {
                        measured = line.substring("RESULT ".length());
                    }
                }
            }
            if (broker.waitFor() != 0 || measured == null) {
                throw new IllegalStateException("the broker's JVM failed (exit " + broker.exitValue() + ")");
            }
            long tokenCalls = world.salesforce().counters().jwtBearerCalls() - tokenCallsBefore;
            System.out.printf("connections %d, Salesforce latency %d ms, concurrency %d, warm-up %d%n", connections, latencyMs,
                    concurrency, warmup);
            System.out.println(measured.replace("; ", "\n"));
            System.out.printf("token calls: %d (%s)%n", tokenCalls, tokenCalls == connections ? "exactly N" : "NOT N");
            exitCode = tokenCalls == connections ? 0 : 1;
        } finally {
            world.close();
        }
        // DynamoDB Local's server threads would keep this JVM alive
        System.exit(exitCode);
    }

    /** The broker's JVM: registers and renews the warm-up set, then the measured set, and reports on standard output. */
    public static final class Broker {
        private Broker() {
        }

        public static void main(String[] args) throws Exception {
            LoginHost salesforce = LoginHost.of(args[0], null);
            String username = args[1];
            int warmup = Integer.parseInt(args[2]);
            int connections = Integer.parseInt(args[3]);
            ScheduledRefreshHandler.Input allDue = new ScheduledRefreshHandler.Input(10);
            try (ApplicationContext context = ApplicationContext.run()) {
                ConnectionStore store = context.getBean(ConnectionStore.class);
                register(store, "warm-", warmup, salesforce, username);
                new ScheduledRefreshHandler(context).execute(allDue);
                register(store, "bench-", connections, salesforce, username);

                System.gc();
                OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                CountingInterceptor.REQUESTS.clear();
                System.out.println("MEASURING");
                System.out.flush();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                ScheduledRefreshHandler.Result result = new ScheduledRefreshHandler(context).execute(allDue);
                long wall = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpuStart;
                long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

                Map<String, Long> requests = new TreeMap<>();
                CountingInterceptor.REQUESTS.forEach((operation, count) -> requests.put(operation, count.sum()));
                long totalRequests = requests.values().stream().mapToLong(Long::longValue).sum();
                int renewed = result.renewed();
                System.out.printf("RESULT result: %s; wall time: %.1f s, %.0f renewals/s; broker CPU: %.1f s, %.2f ms per renewal;"
                                + " DynamoDB requests: %d, %.2f per renewal %s; peak heap: %d MB (sum of the heap pools' peaks)%n",
                        result, wall / 1e9, renewed / (wall / 1e9), cpu / 1e9, cpu / 1e6 / renewed, totalRequests,
                        totalRequests / (double) renewed, requests, peakHeap >> 20);
            }
        }

        private static void register(ConnectionStore store, String prefix, int count, LoginHost salesforce, String username) {
            IntStream.range(0, count).parallel().forEach(i -> store.create(Connection.register(prefix + i, salesforce, username,
                    BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE))));
        }
    }

    /** Counts the broker's DynamoDB requests per operation, each HTTP attempt (retries included). */
    public static final class CountingInterceptor implements ExecutionInterceptor {
        static final Map<String, LongAdder> REQUESTS = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            // locally the broker's only AWS service is DynamoDB (local key, local secrets)
            REQUESTS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), name -> new LongAdder()).increment();
        }
    }

    private static int option(String[] args, String name, int fallback) {
        String value = textOption(args, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String textOption(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
