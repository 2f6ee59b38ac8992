package dev.sfbroker.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * A fault-injecting HTTP proxy in front of DynamoDB Local, for tests that point the broker's DynamoDB client at it
 * ({@code aws.services.dynamodb.endpoint-override}) with the AWS SDK's own retries on, as in production.
 *
 * <pre>{@code
 * DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(DynamoDbLocal.endpoint());
 * proxy.fail(Operation.UPDATE_ITEM, Fault.DROP_AFTER_APPLY).matching(body -> body.contains("lease_owner")).times(1);
 * proxy.fail(Operation.GET_ITEM, Fault.THROTTLING).withProbability(0.2, 42);
 * proxy.delay(Operation.PUT_ITEM, Duration.ofMillis(300)).always();
 * ...
 * proxy.counts().of(Operation.UPDATE_ITEM, Fault.DROP_AFTER_APPLY);   // how often that fault was injected
 * proxy.counts().applied(Operation.UPDATE_ITEM);                     // how many reached DynamoDB Local
 * }</pre>
 *
 * <p>The operation is read from the {@code X-Amz-Target} header ({@code DynamoDB_20120810.UpdateItem}). A rule fires
 * for matching requests of its operation (optionally only those whose JSON body a predicate accepts), for the next
 * {@code n} of them, for all, or each with a probability drawn from a seeded {@link Random}, so a failing run repeats.
 * Rules are tried in the order they were added; the first that fires decides the request. Error answers are shaped
 * exactly as DynamoDB sends them, so the SDK classifies them as it would in AWS: throttling errors are HTTP 400 with a
 * {@code __type} whose name the SDK counts as throttling, an internal error is HTTP 500.
 *
 * <p>It listens on loopback only, speaks plain HTTP/1.1 with {@code Content-Length} bodies (what the SDK sends), keeps
 * connections alive like DynamoDB does, and serves at most {@value #MAX_CONNECTIONS} connections at once.
 */
public final class DynamoDbFaultProxy implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An idle kept-alive connection is closed after this long (the SDK's pool keeps them 5 s unless told otherwise). */
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    /** Headers the forwarding client sets itself or refuses to copy. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    /** The DynamoDB operations the broker uses; any other target counts as {@link #OTHER}. */
    public enum Operation {
        GET_ITEM("GetItem"), PUT_ITEM("PutItem"), UPDATE_ITEM("UpdateItem"), DELETE_ITEM("DeleteItem"), QUERY("Query"),
        SCAN("Scan"), BATCH_GET_ITEM("BatchGetItem"), BATCH_WRITE_ITEM("BatchWriteItem"), OTHER("");

        private final String target;

        Operation(String target) {
            this.target = "DynamoDB_20120810." + target;
        }

        static Operation ofTarget(String target) {
            for (Operation operation : values()) {
                if (operation.target.equals(target)) {
                    return operation;
                }
            }
            return OTHER;
        }
    }

    /** What the proxy does to a request a rule fires on. */
    public enum Fault {
        /** HTTP 400 {@code ProvisionedThroughputExceededException}, not applied: the table's capacity is exhausted. */
        PROVISIONED_THROUGHPUT_EXCEEDED(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded. Consider increasing your"
                        + " provisioning level with the UpdateTable API."),
        /** HTTP 400 {@code ThrottlingException}, not applied: requests arrive faster than DynamoDB accepts them. */
        THROTTLING(400, "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput."),
        /** HTTP 500 {@code InternalServerError}, not applied (DynamoDB documents it as possibly applied; see DROP_AFTER_APPLY). */
        INTERNAL_SERVER_ERROR(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
        /** Forwarded after a delay ({@link #delay}); the answer is DynamoDB Local's. */
        LATENCY(0, null, null),
        /** The connection is reset once the request has arrived; DynamoDB Local never sees it. */
        DROP_BEFORE_APPLY(0, null, null),
        /** The request is applied by DynamoDB Local, then the connection is reset instead of answering. */
        DROP_AFTER_APPLY(0, null, null),
        /**
         * Batches only: the first half (rounded up) of each table's items or keys reaches DynamoDB Local, the rest comes
         * back as {@code UnprocessedItems} or {@code UnprocessedKeys}, as DynamoDB answers a batch under throttling.
         */
        UNPROCESSED(0, null, null);

        private final int status;
        private final String type;
        private final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }

        boolean reachesDynamoDb() {
            return this == LATENCY || this == DROP_AFTER_APPLY || this == UNPROCESSED;
        }
    }

    /** A fault for some requests of one operation; registered by {@link #times}, {@link #always} or {@link #withProbability}. */
    public final class Rule {
        private final Operation operation;
        private final Fault fault;
        private final Duration latency;
        private Predicate<String> body = any -> true;
        private long remaining = Long.MAX_VALUE;
        private double probability = 1;
        private Random random;

        private Rule(Operation operation, Fault fault, Duration latency) {
            this.operation = operation;
            this.fault = fault;
            this.latency = latency;
        }

        /** Only requests whose JSON body this accepts (for example {@code body -> body.contains("lease_owner")}). */
        public Rule matching(Predicate<String> requestBody) {
            this.body = requestBody;
            return this;
        }

        /** The next {@code n} matching requests. */
        public void times(int n) {
            remaining = n;
            add(this);
        }

        /** Every matching request, until {@link #clear()}. */
        public void always() {
            add(this);
        }

        /** Each matching request with {@code probability}, drawn from a {@link Random} seeded with {@code seed}. */
        public void withProbability(double chance, long seed) {
            probability = chance;
            random = new Random(seed);
            add(this);
        }

        private boolean firesOn(Operation requested, String requestBody) {
            if (requested != operation || remaining == 0 || !body.test(requestBody)) {
                return false;
            }
            if (random != null && random.nextDouble() >= probability) {
                return false;
            }
            remaining--;
            return true;
        }
    }

    /** Requests seen, per operation and per what happened to them. */
    public final class Counts {
        private Counts() {
        }

        /** Every request of the operation that arrived. */
        public long of(Operation operation) {
            return count(operation, null);
        }

        /** Requests of the operation the fault was injected into. */
        public long of(Operation operation, Fault fault) {
            return count(operation, fault);
        }

        /** Requests of the operation that reached DynamoDB Local (forwarded as they were, delayed, or dropped after applying). */
        public long applied(Operation operation) {
            return of(operation) - of(operation, Fault.PROVISIONED_THROUGHPUT_EXCEEDED) - of(operation, Fault.THROTTLING)
                    - of(operation, Fault.INTERNAL_SERVER_ERROR) - of(operation, Fault.DROP_BEFORE_APPLY);
        }

        @Override
        public String toString() {
            return new TreeMap<>(counts).toString();
        }
    }

    private final ServerSocket server;
    private final URI target;
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore connectionSlots = new Semaphore(MAX_CONNECTIONS);
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private DynamoDbFaultProxy(ServerSocket server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** A proxy on a free loopback port forwarding to {@code dynamoDbEndpoint} (for example {@link DynamoDbLocal#endpoint()}). */
    public static DynamoDbFaultProxy start(String dynamoDbEndpoint) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DynamoDbFaultProxy proxy = new DynamoDbFaultProxy(server, URI.create(dynamoDbEndpoint));
            Thread.ofPlatform().daemon().name("dynamodb-fault-proxy").start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("the DynamoDB fault proxy did not start", e);
        }
    }

    /** Where to point a DynamoDB client. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** A fault for requests of {@code operation}; say which and how many with the returned rule. */
    public Rule fail(Operation operation, Fault fault) {
        if (fault == Fault.LATENCY) {
            throw new IllegalArgumentException("latency needs a duration: use delay(operation, latency)");
        }
        return new Rule(operation, fault, Duration.ZERO);
    }

    /** Requests of {@code operation} are forwarded {@code latency} late; say which and how many with the returned rule. */
    public Rule delay(Operation operation, Duration latency) {
        return new Rule(operation, Fault.LATENCY, latency);
    }

    /** Removes every rule; counts stay. */
    public synchronized void clear() {
        rules.clear();
    }

    public Counts counts() {
        return new Counts();
    }

    /** Forgets every count. */
    public void resetCounts() {
        counts.clear();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(DynamoDbFaultProxy::closeQuietly);
        connections.shutdownNow();
        forwarder.close();
    }

    private synchronized void add(Rule rule) {
        rules.add(rule);
    }

    private synchronized Rule firingRule(Operation operation, String body) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.firesOn(operation, body)) {
                if (rule.remaining == 0) {
                    it.remove();
                }
                return rule;
            }
        }
        return null;
    }

    private long count(Operation operation, Fault fault) {
        AtomicLong count = counts.get(key(operation, fault));
        return count == null ? 0 : count.get();
    }

    private void record(Operation operation, Fault fault) {
        counts.computeIfAbsent(key(operation, null), any -> new AtomicLong()).incrementAndGet();
        if (fault != null) {
            counts.computeIfAbsent(key(operation, fault), any -> new AtomicLong()).incrementAndGet();
        }
    }

    private static String key(Operation operation, Fault fault) {
        return fault == null ? operation.name() : operation.name() + " " + fault.name();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                connectionSlots.acquire();
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> {
                    try {
                        serve(socket);
                    } finally {
                        open.remove(socket);
                        closeQuietly(socket);
                        connectionSlots.release();
                    }
                });
            } catch (IOException | InterruptedException e) {
                connectionSlots.release();
                if (!server.isClosed()) {
                    throw new IllegalStateException("the DynamoDB fault proxy stopped accepting", e);
                }
            }
        }
    }

    /** Serves one kept-alive connection, request after request, until the client closes it or a fault drops it. */
    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            // an answer leaves in one write, at once: Nagle's algorithm with the client's delayed ACK costs 40 ms a request
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (ProxiedRequest request = ProxiedRequest.read(in); request != null; request = ProxiedRequest.read(in)) {
                if (!answer(request, socket, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or sent something that is not HTTP: the connection ends, as DynamoDB's would
        }
    }

    /** Answers one request; false if the connection was dropped. */
    private boolean answer(ProxiedRequest request, Socket socket, OutputStream out) throws IOException {
        Operation operation = Operation.ofTarget(request.header("x-amz-target"));
        Rule rule = firingRule(operation, request.bodyText());
        Fault fault = rule == null ? null : rule.fault;
        record(operation, fault);
        if (fault == Fault.DROP_BEFORE_APPLY) {
            reset(socket);
            return false;
        }
        if (fault != null && !fault.reachesDynamoDb()) {
            String body = "{\"__type\":\"" + fault.type + "\",\"message\":\"" + fault.message + "\"}";
            writeResponse(out, fault.status, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                    body.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (fault == Fault.LATENCY) {
            pause(rule.latency);
        }
        if (fault == Fault.UNPROCESSED) {
            return answerHalf(request, operation, out);
        }
        HttpResponse<byte[]> answered = forward(request);
        if (fault == Fault.DROP_AFTER_APPLY) {
            reset(socket);
            return false;
        }
        writeResponse(out, answered.statusCode(), answered.headers().map(), answered.body());
        return !"close".equalsIgnoreCase(request.header("connection"));
    }

    /** {@link Fault#UNPROCESSED}: forwards the first half of the batch, answers the rest as unprocessed. */
    private boolean answerHalf(ProxiedRequest request, Operation operation, OutputStream out) throws IOException {
        boolean writes = operation == Operation.BATCH_WRITE_ITEM;
        ObjectNode body = (ObjectNode) JSON.readTree(request.body());
        ObjectNode unprocessed = JSON.createObjectNode();
        ((ObjectNode) body.get("RequestItems")).properties().forEach(table -> {
            ArrayNode items = (ArrayNode) (writes ? table.getValue() : table.getValue().get("Keys"));
            ArrayNode rest = JSON.createArrayNode();
            while (items.size() > (items.size() + rest.size() + 1) / 2) {
                rest.insert(0, items.remove(items.size() - 1));
            }
            if (!rest.isEmpty()) {
                if (writes) {
                    unprocessed.set(table.getKey(), rest);
                } else {
                    unprocessed.set(table.getKey(), ((ObjectNode) table.getValue().deepCopy()).set("Keys", rest));
                }
            }
        });
        HttpResponse<byte[]> answered = forward(new ProxiedRequest(request.method(), request.path(), request.headers(),
                JSON.writeValueAsBytes(body)));
        byte[] answer = answered.body();
        if (answered.statusCode() == 200) {
            ObjectNode answerJson = (ObjectNode) JSON.readTree(answer);
            answerJson.set(writes ? "UnprocessedItems" : "UnprocessedKeys", unprocessed);
            answer = JSON.writeValueAsBytes(answerJson);
        }
        // the SDK checks DynamoDB's CRC32 of the body it receives
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(answered.headers().map());
        CRC32 crc = new CRC32();
        crc.update(answer);
        headers.put("x-amz-crc32", List.of(Long.toString(crc.getValue())));
        writeResponse(out, answered.statusCode(), headers, answer);
        return !"close".equalsIgnoreCase(request.header("connection"));
    }

    private HttpResponse<byte[]> forward(ProxiedRequest request) throws IOException {
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target.resolve(request.path()))
                .timeout(FORWARD_TIMEOUT)
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name)) {
                values.forEach(value -> forwarded.header(name, value));
            }
        });
        try {
            return forwarder.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to DynamoDB Local", e);
        }
    }

    private static void writeResponse(OutputStream out, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status < 400 ? " OK" : " Error").append("\r\n");
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Drops the connection with a TCP reset, as a failing load balancer or a lost network path would. */
    private static void reset(Socket socket) throws SocketException {
        socket.setSoLinger(true, 0);
        closeQuietly(socket);
    }

    private static void pause(Duration latency) {
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One HTTP/1.1 request as it arrived: headers by lower-case name, and its {@code Content-Length} body. */
    private record ProxiedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {
        private static final int MAX_HEADER_LINE = 16 * 1024;
        private static final int MAX_BODY = 16 * 1024 * 1024;

        /** The next request on the connection, or null when the client closed it between requests. */
        static ProxiedRequest read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length != 3) {
                throw new IOException("not an HTTP request line");
            }
            Map<String, List<String>> headers = new TreeMap<>();
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), any -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
            if (headers.containsKey("transfer-encoding")) {
                throw new IOException("chunked requests are not supported; the SDK sends Content-Length");
            }
            int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length").get(0)) : 0;
            if (length > MAX_BODY) {
                throw new IOException("request body too large: " + length);
            }
            return new ProxiedRequest(parts[0], parts[1], headers, in.readNBytes(length));
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                    return line.substring(0, end);
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("header line too long");
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }
    }
}
