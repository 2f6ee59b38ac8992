package dev.sfbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what the test JVM writes to standard output while it is open, where the EMF library writes metric lines as
 * Lambda would hand them to CloudWatch; the output still reaches the console.
 */
public final class MetricCapture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream console = System.out;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    public MetricCapture() {
        System.setOut(new PrintStream(new Tee(console, written), true, StandardCharsets.UTF_8));
    }

    /** The metric lines written so far (those with an {@code _aws} member), each a JSON object. */
    public List<JsonNode> lines() {
        List<JsonNode> metrics = new ArrayList<>();
        String text;
        synchronized (written) {
            text = written.toString(StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                try {
                    metrics.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return metrics;
    }

    /** The metric lines that carry {@code metric}. */
    public List<JsonNode> lines(String metric) {
        return lines().stream().filter(line -> line.has(metric)).toList();
    }

    @Override
    public void close() {
        System.setOut(console);
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            console.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }
    }
}
