package dev.sfbroker.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sfbroker.client.SignedRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The ops console for a deployed broker, on the operator's own machine: serves the console page on
 * {@code http://localhost:<port>/} and forwards its {@code /ops/…} calls to the deployed API, signed with SigV4 by the
 * operator's AWS credentials (the default provider chain). No new login: the console acts with exactly the operator's
 * IAM identity. Listens on the loopback interface only.
 *
 * <pre>java -jar ops-console.jar https://abc123.execute-api.eu-west-1.amazonaws.com [port, default 8090]</pre>
 */
public final class OpsConsole implements AutoCloseable {
    /** The console page, also served by the local broker at /console. */
    public static final String PAGE = "/dev/sfbroker/console/console.html";
    /** The page runs only its own script and calls only this origin. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'";
    private static final Set<String> FORWARDED_HEADERS = Set.of("content-type", "accept");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;
    private final URI api;
    private final SignedRequests signing;
    private final HttpClient http = HttpClient.newHttpClient();
    private final byte[] page = page();

    /** {@code port} 0 picks a free one. */
    public OpsConsole(URI api, int port, SignedRequests signing) throws IOException {
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.signing = signing;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ops-console <API URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com> [port]");
            System.exit(2);
        }
        URI api = URI.create(args[0]);
        String region = System.getenv().getOrDefault("AWS_REGION", regionOf(api));
        OpsConsole console = new OpsConsole(api, args.length > 1 ? Integer.parseInt(args[1]) : 8090,
                new SignedRequests(region, DefaultCredentialsProvider.builder().build()));
        System.out.println("Ops console on " + console.url() + " for " + api + " (" + region + "), signed with your AWS credentials");
    }

    /** {@code abc123.execute-api.eu-west-1.amazonaws.com} is in eu-west-1. */
    static String regionOf(URI api) {
        String[] labels = api.getHost().split("\\.");
        return labels.length > 3 && labels[1].equals("execute-api") ? labels[2] : "us-east-1";
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/") || path.equals("/console")) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            } else if (path.startsWith("/ops/")) {
                forward(exchange);
            } else {
                byte[] body = "{\"error\":\"route_not_found\",\"message\":\"the console forwards /ops/ only\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (FORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                headers.put(name, values.getFirst());
            }
        });
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(api + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(signing.sign(exchange.getRequestMethod(), target, headers, body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static byte[] page() {
        try (InputStream in = OpsConsole.class.getResourceAsStream(PAGE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
