package dev.sfbroker.local.bench;

import dev.sfbroker.local.LocalBroker;
import dev.sfbroker.local.LambdaProcess;
import dev.sfbroker.local.LocalPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of each function's deployable jar: JVM launch to the first answer of one real event, in a JVM of its
 * own configured as Lambda configures it (C1 only), against the local world (DynamoDB Local, the simulator, a
 * stored demo token). Beside each function, the same jar with its SnapStart priming run before the event, and a
 * bare handler on the AWS SDK alone doing one GetItem of the same item: the baseline every ratio is against, in
 * the same run. Each JVM then handles the same event a second time ("next event": what a warm container pays). Runs
 * are interleaved so that the machine's noise spreads over all of them; the median is printed.
 *
 * <p>{@code --runs 5}, {@code --jar name=path.jar} (repeatable; an older token function jar to compare, served
 * the token event, plain and primed) and {@code --archive aot} or {@code --archive cds} (repeatable: every case again
 * with a class archive of its own).
 */
public final class ColdStartBenchmark {
    private static final Path FUNCTIONS = Path.of("..", "..", "functions");
    private static final String API_HANDLER = "dev.sfbroker.handlers.LoggedApiGatewayFunction";

    private ColdStartBenchmark() {
    }

    record Case(String name, Path jar, String handler, String event, boolean prime, List<String> jvmOptions) {
        Case(String name, Path jar, String handler, String event, boolean prime) {
            this(name, jar, handler, event, prime, List.of());
        }

        Case with(String suffix, String jvmOption) {
            return new Case(name + suffix, jar, handler, event, prime, List.of(jvmOption));
        }
    }

    /** Milliseconds from JVM launch to the handler's existence, to the first answer, and to the second (the same event again). */
    record Sample(long firstAnswerMs, long initMs, long secondAnswerMs) {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        List<ClassArchive> archives = new ArrayList<>();
        Map<String, Path> extraJars = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--archive" -> archives.add(ClassArchive.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                case "--jar" -> {
                    String[] nameAndPath = args[++i].split("=", 2);
                    extraJars.put(nameAndPath[0], Path.of(nameAndPath[1]));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + ": use --runs N, --jar name=path, --archive aot|cds");
            }
        }
        try (LocalBroker world = LocalBroker.start(LocalPorts.anyFree())) {
            storeTheDemoToken(world);
            Path events = Files.createTempDirectory("cold-start-events");
            String tokenEvent = write(events, "token.json", tokenRequest());
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("bare SDK GetItem", jar("token-api"), BareGetItemHandler.class.getName(),
                    write(events, "bare.json", "{\"id\":\"" + LocalBroker.DEMO_CONNECTION + "\"}"), false));
            for (boolean prime : new boolean[] {false, true}) {
                extraJars.forEach((name, jar) -> cases.add(new Case(name, jar, API_HANDLER, tokenEvent, prime)));
                cases.add(new Case("token-api", jar("token-api"), API_HANDLER, tokenEvent, prime));
                cases.add(new Case("scheduled-refresh", jar("scheduled-refresh"), "dev.sfbroker.handlers.ScheduledRefreshHandler",
                        write(events, "schedule.json", "{\"horizon_minutes\":10}"), prime));
                cases.add(new Case("ops (invoke)", jar("ops"), "dev.sfbroker.handlers.OpsInvokeHandler",
                        write(events, "ops.json", "{\"action\":\"incident_revoke\",\"username\":\"nobody@example.invalid\",\"dry_run\":true}"), prime));
                cases.add(new Case("policy-audit", jar("policy-audit"), "dev.sfbroker.handlers.PolicyAuditHandler",
                        write(events, "audit.json", "{}"), prime));
                cases.add(new Case("refresh-worker", jar("refresh-worker"), "dev.sfbroker.handlers.RefreshWorkerHandler",
                        write(events, "batch.json", "{\"Records\":[{\"messageId\":\"cold-start-1\",\"body\":\"[\\\"" + LocalBroker.DEMO_CONNECTION
                                + "\\\"]\",\"eventSource\":\"aws:sqs\"}]}"), prime));
            }
            List<Case> plain = List.copyOf(cases);
            for (ClassArchive archive : archives) {
                cases.addAll(withArchives(plain, archive, world));
            }
            Map<Case, List<Sample>> samples = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (Case c : cases) {
                    samples.computeIfAbsent(c, k -> new ArrayList<>()).add(measure(c, world));
                }
            }
            report(samples, runs);
        }
    }

    /** Each case again with an archive of its own, written by one training run of the case that is not measured. */
    private static List<Case> withArchives(List<Case> cases, ClassArchive archive, LocalBroker world) throws Exception {
        Path archives = Files.createTempDirectory("cold-start-" + archive.name().toLowerCase(Locale.ROOT));
        List<Case> archived = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path file = archives.resolve(i + ".archive");
            measure(cases.get(i).with("", archive.writeOption(file)), world);
            archived.add(cases.get(i).with(", " + archive.label, archive.readOption(file)));
        }
        return archived;
    }

    private static void report(Map<Case, List<Sample>> samples, int runs) throws Exception {
        long bare = median(samples.values().iterator().next().stream().mapToLong(Sample::firstAnswerMs).toArray());
        System.out.printf("%nCold start, JVM launch to the first answer, median of %d runs (ms); ratio to the bare SDK handler%n", runs);
        System.out.printf("%-40s %8s %12s %7s %10s %14s %11s%n", "function", "jar MB", "first answer", "ratio", "init", "event (after)",
                "next event");
        for (var entry : samples.entrySet()) {
            Case c = entry.getKey();
            long first = median(entry.getValue().stream().mapToLong(Sample::firstAnswerMs).toArray());
            long init = median(entry.getValue().stream().mapToLong(Sample::initMs).toArray());
            long next = median(entry.getValue().stream().mapToLong(sample -> sample.secondAnswerMs() - sample.firstAnswerMs()).toArray());
            System.out.printf("%-40s %8.1f %12d %7.2f %10d %14d %11d%n", c.name() + (c.prime() ? " (primed)" : ""),
                    Files.size(c.jar()) / 1e6, first, first / (double) bare, init, first - init, next);
        }
    }

    private static Sample measure(Case c, LocalBroker world) throws Exception {
        long start = System.nanoTime();
        Process process = processFor(c, world).start();
        long initMs = -1;
        long firstAnswerMs = -1;
        long secondAnswerMs = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("init=")) {
                    initMs = (System.nanoTime() - start) / 1_000_000;
                } else if (line.startsWith("status=")) {
                    long answeredMs = (System.nanoTime() - start) / 1_000_000;
                    if (firstAnswerMs < 0) {
                        firstAnswerMs = answeredMs;
                    } else {
                        secondAnswerMs = answeredMs;
                    }
                    if (!line.equals("status=200")) {
                        throw new IllegalStateException(c.name() + " answered " + line + ":\n" + output);
                    }
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || secondAnswerMs < 0) {
            process.destroyForcibly();
            throw new IllegalStateException(c.name() + " gave no answer:\n" + output);
        }
        return new Sample(firstAnswerMs, initMs, secondAnswerMs);
    }

    private static ProcessBuilder processFor(Case c, LocalBroker world) throws Exception {
        ProcessBuilder process = LambdaProcess.of(c.jar(), c.handler(), Path.of(c.event()), c.prime(), world.context());
        process.command().addAll(1, c.jvmOptions());
        process.command().addAll(List.of("--events", "2"));
        return process;
    }

    /** The token function's event is then served from the stored token, as a warm connection's would be. */
    private static void storeTheDemoToken(LocalBroker world) throws Exception {
        HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(world.brokerUrl() + "/connections/" + LocalBroker.DEMO_CONNECTION + "/token")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) {
            throw new IllegalStateException("the demo token could not be minted: " + first.body());
        }
    }

    private static String tokenRequest() {
        return LambdaProcess.tokenRequest(LocalBroker.DEMO_CONNECTION, "arn:aws:sts::000000000000:assumed-role/local-developer/cold-start");
    }

    private static Path jar(String module) {
        return FUNCTIONS.resolve(module).resolve("target").resolve(module + "-lambda.jar");
    }

    private static String write(Path directory, String name, String json) throws Exception {
        return Files.writeString(directory.resolve(name), json).toString();
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
