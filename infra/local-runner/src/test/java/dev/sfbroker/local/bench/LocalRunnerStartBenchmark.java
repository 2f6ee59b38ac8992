package dev.sfbroker.local.bench;

import dev.sfbroker.local.LocalBroker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The local runner's start, JVM launch to the first token served over HTTP ({@code GET /connections/demo/token}, as
 * the banner's curl does), plain and with a class archive of its own ({@code --archive cds}, {@code --archive aot};
 * each written by one training run that starts the runner and fetches the token, not measured). Each run is a new
 * JVM running {@link LocalBroker} on free ports, as {@code ./mvnw -Plocal} runs it but from jars only: the module's jar
 * instead of target/classes, and a class path file's jars, a jar whose manifest names a class path copied without it
 * (DynamoDB Local's names its own directory, which both archives refuse). Runs are interleaved; medians are printed,
 * with ratios to the plain start.
 *
 * <p>{@code --runs 5}, {@code --archive cds|aot} (repeatable), {@code --classpath-file target/runtime-classpath.txt}.
 */
public final class LocalRunnerStartBenchmark {
    private static final String BANNER = "Token broker running on ";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalRunnerStartBenchmark() {
    }

    record Case(String name, List<String> jvmOptions) {
    }

    /** Milliseconds from JVM launch to the banner (the API listening) and to the first token's answer. */
    record Sample(long readyMs, long firstTokenMs) {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        List<ClassArchive> archives = new ArrayList<>();
        Path classpathFile = Path.of("target", "runtime-classpath.txt");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--archive" -> archives.add(ClassArchive.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                case "--classpath-file" -> classpathFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + ": use --runs N, --archive cds|aot, --classpath-file FILE");
            }
        }
        // the copied jars and the archives (about 200 MB), removed at the end
        Path work = Files.createTempDirectory("local-runner-start");
        try {
            compare(runs, archives, jarsOnly(classpathFile, work), work);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void compare(int runs, List<ClassArchive> archives, String classpath, Path work) throws Exception {
        Case plain = new Case("plain", List.of());
        measure(plain, classpath, null); // unmeasured: warms the file cache and this JVM's HTTP client
        List<Case> cases = new ArrayList<>(List.of(plain));
        Map<Case, Path> archiveFiles = new LinkedHashMap<>();
        Map<String, Long> trainingMs = new LinkedHashMap<>();
        for (ClassArchive archive : archives) {
            Path file = work.resolve(archive.name().toLowerCase(Locale.ROOT) + ".archive");
            long trainingStart = System.nanoTime();
            measure(new Case(archive.label + " training", List.of(archive.writeOption(file))), classpath, file);
            trainingMs.put(archive.label, (System.nanoTime() - trainingStart) / 1_000_000);
            Case archived = new Case(archive.label, List.of(archive.readOption(file)));
            cases.add(archived);
            archiveFiles.put(archived, file);
        }
        Map<Case, List<Sample>> samples = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Case c : cases) {
                samples.computeIfAbsent(c, k -> new ArrayList<>()).add(measure(c, classpath, null));
            }
        }
        long plainFirstToken = median(samples.get(plain), Sample::firstTokenMs);
        System.out.printf("%nLocal runner, JVM launch to the first token over HTTP, median of %d runs (ms); ratio to the plain start%n",
                runs);
        System.out.printf("%-12s %10s %12s %7s %11s%n", "start", "API ready", "first token", "ratio", "archive MB");
        for (var entry : samples.entrySet()) {
            long firstToken = median(entry.getValue(), Sample::firstTokenMs);
            Path file = archiveFiles.get(entry.getKey());
            System.out.printf("%-12s %10d %12d %7.2f %11s%n", entry.getKey().name(), median(entry.getValue(), Sample::readyMs),
                    firstToken, firstToken / (double) plainFirstToken, file == null ? "" : "%.1f".formatted(Files.size(file) / 1e6));
        }
        trainingMs.forEach((archive, ms) -> System.out.printf(
                "%s written by a training run of %d ms (launch, first token, stop, the archive written at exit)%n", archive, ms));
    }

    /**
     * One start: launch, wait for the banner, fetch the demo token, then stop the runner as Ctrl-C does (a training run
     * writes its archive, {@code writes}, as the JVM exits).
     */
    private static Sample measure(Case c, String classpath, Path writes) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(c.jvmOptions());
        command.addAll(List.of("-cp", classpath, LocalBroker.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("BROKER_PORT", "0", "SF_SIMULATOR_PORT", "0", "DYNAMODB_LOCAL_PORT", "0"));
        long start = System.nanoTime();
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String brokerUrl = null;
            for (String line; brokerUrl == null && (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith(BANNER)) {
                    brokerUrl = line.substring(BANNER.length()).trim();
                }
            }
            if (brokerUrl == null) {
                throw new IllegalStateException(c.name() + ": the local runner stopped before it served:\n" + output);
            }
            long readyMs = (System.nanoTime() - start) / 1_000_000;
            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(
                    URI.create(brokerUrl + "/connections/" + LocalBroker.DEMO_CONNECTION + "/token")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long firstTokenMs = (System.nanoTime() - start) / 1_000_000;
            if (token.statusCode() != 200) {
                throw new IllegalStateException(c.name() + ": the first token request answered " + token.statusCode() + ": " + token.body());
            }
            process.toHandle().destroy(); // SIGTERM, leaving the output open to read to its end (Process.destroy closes it)
            StringWriter rest = new StringWriter();
            lines.transferTo(rest);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(c.name() + ": the local runner did not stop");
            }
            if (writes != null && (!Files.isRegularFile(writes) || Files.size(writes) == 0)) {
                throw new IllegalStateException(c.name() + ": no archive written at " + writes + ":\n" + output + rest);
            }
            return new Sample(readyMs, firstTokenMs);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * This module's jar and the class path file's entries, each jar whose manifest names a class path replaced by a copy
     * without it: the build's class path already lists every jar the runner needs.
     */
    private static String jarsOnly(Path classpathFile, Path work) throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            entries.add(built.filter(path -> path.getFileName().toString().matches("local-runner-.*(?<!-tests|-sources)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no local-runner jar in target: package the module first"))
                    .toAbsolutePath().toString());
        }
        for (String entry : Files.readString(classpathFile).strip().split(File.pathSeparator)) {
            entries.add(entry.endsWith(".jar") ? withoutManifestClassPath(Path.of(entry), work).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path withoutManifestClassPath(Path jar, Path work) throws IOException {
        try (JarFile original = new JarFile(jar.toFile())) {
            Manifest manifest = original.getManifest();
            if (manifest == null || manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH) == null) {
                return jar;
            }
            Path copy = work.resolve(jar.getFileName());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
                for (JarEntry entry : original.stream().toList()) {
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = original.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return copy;
        }
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> figure) {
        return ColdStartBenchmark.median(samples.stream().mapToLong(figure).toArray());
    }
}
