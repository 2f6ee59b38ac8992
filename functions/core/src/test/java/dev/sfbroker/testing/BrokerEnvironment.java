package dev.sfbroker.testing;

import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.store.ConnectionsTable;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.LoginHost;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One broker world for a test class, as a JUnit extension
 * ({@code @RegisterExtension static final BrokerEnvironment env = BrokerEnvironment.withContext("iam")}):
 * before the class, the Salesforce simulator with an org, an integration user and a connected app whose
 * certificate matches a key generated now; the connected app secret in a local secrets directory; a fresh
 * connections table in DynamoDB Local; and the broker (an application context, or the HTTP server).
 * After the class, all of it stops.
 */
public final class BrokerEnvironment implements BeforeAllCallback, AfterAllCallback {
    public static final String INTEGRATION_ROLE = "arn:aws:iam::123456789012:role/sync-job";
    public static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/someone-else";
    public static final String CREDENTIALS_REF = "connected-apps/token-broker";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** DynamoDB's limit on the items of one BatchWriteItem. */
    private static final int SEED_BATCH = 25;
    private static final int SEED_WRITERS = 8;

    private final String identityMode;
    private final boolean httpServer;
    private final boolean contextByMicronautTest;
    private Consumer<Map<String, Object>> customizer = properties -> { };
    private boolean simulatedClock;
    private final String table = "connections-" + UUID.randomUUID();
    private final String auditTable = "audit-" + UUID.randomUUID();
    private SalesforceSimulator salesforce;
    private SimOrg org;
    private SimUser user;
    private SimConnectedApp app;
    private ConnectedAppKeys keys;
    private Path secretsDirectory;
    private ApplicationContext context;
    private EmbeddedServer server;
    private Map<String, Object> properties;
    private final List<ApplicationContext> otherInstances = new ArrayList<>();

    private BrokerEnvironment(String identityMode, boolean httpServer, boolean contextByMicronautTest) {
        this.identityMode = identityMode;
        this.httpServer = httpServer;
        this.contextByMicronautTest = contextByMicronautTest;
    }

    /**
     * The broker as an application context built here, not by Micronaut Test; {@code identityMode} is {@code iam}
     * (Lambda) or {@code development}. For tests that need several broker instances on one table
     * ({@link #anotherInstance()}, as several Lambda containers would be), and for the end-to-end tests, whose one
     * context holds every function's beans as the local runner's does. A test of one function's context is a
     * {@link FunctionContextTest}.
     */
    public static BrokerEnvironment withContext(String identityMode) {
        return new BrokerEnvironment(identityMode, false, false);
    }

    /** The world without the broker, for a {@link FunctionContextTest}: Micronaut Test starts the function's context. */
    public static BrokerEnvironment forMicronautTest(String identityMode) {
        return new BrokerEnvironment(identityMode, false, true);
    }

    /** The broker's local HTTP server (Netty) on a free port, with the development identity. */
    public static BrokerEnvironment withServer() {
        return new BrokerEnvironment("development", true, false);
    }

    /** Every broker instance runs on the simulator's clock, so a test can move time for Salesforce and the broker at once. */
    public BrokerEnvironment onSimulatedClock() {
        this.simulatedClock = true;
        return this;
    }

    /** Changes the broker's configuration before it starts (called once the world exists). */
    public BrokerEnvironment configure(Consumer<Map<String, Object>> customizer) {
        this.customizer = customizer;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws IOException {
        startWorld();
        if (contextByMicronautTest) {
            return;
        }
        if (httpServer) {
            server = ApplicationContext.run(EmbeddedServer.class, properties);
            context = server.getApplicationContext();
        } else {
            context = instance(properties);
        }
    }

    private ApplicationContext instance(Map<String, Object> configuration) {
        var builder = ApplicationContext.builder().properties(configuration);
        if (simulatedClock) {
            builder.singletons(salesforce.clock());
        }
        return builder.start();
    }

    /** The broker's configuration for this world (starting the world first), as a Micronaut test's properties. */
    public Map<String, String> properties() {
        try {
            startWorld();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> asStrings = new HashMap<>();
        properties.forEach((key, value) -> asStrings.put(key, String.valueOf(value)));
        return asStrings;
    }

    /** The context a {@code @MicronautTest} started for this world. */
    public BrokerEnvironment use(ApplicationContext micronautTestContext) {
        this.context = micronautTestContext;
        return this;
    }

    private void startWorld() throws IOException {
        if (salesforce != null) {
            return;
        }
        salesforce = SalesforceSimulator.start();
        org = salesforce.addOrg("acme");
        user = org.addUser("integration@acme.example");
        keys = ConnectedAppKeys.generate();
        app = org.addConnectedApp("Token Broker", keys.certificatePem()).preAuthorize(user);
        secretsDirectory = Files.createTempDirectory("broker-secrets");
        writeSecret(CREDENTIALS_REF, app.consumerKey(), keys.privateKeyPem());
        ConnectionsTable.create(DynamoDbLocal.client(), table);
        ConnectionsTable.createAuditTable(DynamoDbLocal.client(), auditTable);
        properties = initialProperties();
        customizer.accept(properties);
    }

    /** Another broker instance (as another Lambda container would be) on the same table and Salesforce. */
    public ApplicationContext anotherInstance() {
        return anotherInstance(Map.of());
    }

    /** Another broker instance with some configuration changed. */
    public ApplicationContext anotherInstance(Map<String, Object> overrides) {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.putAll(overrides);
        ApplicationContext instance = instance(changed);
        otherInstances.add(instance);
        return instance;
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        close();
    }

    /** Stops the other instances, the broker (unless Micronaut Test owns it) and the simulator. */
    public void close() {
        otherInstances.forEach(ApplicationContext::close);
        if (context != null && !contextByMicronautTest) {
            context.close();
        }
        if (salesforce != null) {
            salesforce.close();
        }
    }

    private Map<String, Object> initialProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("aws.region", "us-east-1");
        properties.put("aws.access-key-id", "local");
        properties.put("aws.secret-key", "local");
        properties.put("aws.services.dynamodb.endpoint-override", DynamoDbLocal.endpoint());
        properties.put("broker.store.connections-table", table);
        properties.put("broker.store.audit-table", auditTable);
        properties.put("broker.encryption.mode", "local");
        properties.put("broker.encryption.local-key", Base64.getEncoder().encodeToString(new byte[32]));
        properties.put("broker.secrets.source", "local");
        properties.put("broker.secrets.local-dir", secretsDirectory.toString());
        properties.put("broker.identity.mode", identityMode);
        properties.put("broker.identity.development-principal", INTEGRATION_ROLE);
        properties.put("broker.salesforce.extra-hosts", salesforce.baseUrl());
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    public void writeSecret(String ref, String consumerKey, String privateKeyPem) {
        writeSecretJson(ref, "{\"consumer_key\":\"" + consumerKey + "\",\"private_key\":\"" + privateKeyPem.replace("\n", "\\n") + "\"}");
    }

    /** A refresh-token connected app's secret: consumer key and secret. */
    public void writeClientSecret(String ref, String consumerKey, String consumerSecret) {
        writeSecretJson(ref, "{\"consumer_key\":\"" + consumerKey + "\",\"consumer_secret\":\"" + consumerSecret + "\"}");
    }

    /** A refresh-token connected app's secret that also gives the app's API name ({@code connected_app}), as make-jwt-key.sh writes it. */
    public void writeNamedClientSecret(String ref, SimConnectedApp app) {
        writeSecretJson(ref, "{\"consumer_key\":\"" + app.consumerKey() + "\",\"consumer_secret\":\"" + app.consumerSecret()
                + "\",\"connected_app\":\"" + app.fullName() + "\"}");
    }

    /**
     * One more approval of {@code app} by the user it authorises as, made by a client other than the broker (another
     * tool): the web-server flow through the simulator's authorize and token endpoints, whose grant the broker never sees.
     */
    public void approveOutsideTheBroker(SimConnectedApp app, String callback) {
        try {
            HttpResponse<String> redirect = HTTP.send(HttpRequest.newBuilder(URI.create(salesforce.authorizeUrl() + "?response_type=code"
                    + "&client_id=" + encode(app.consumerKey()) + "&redirect_uri=" + encode(callback))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = redirect.headers().firstValue("location")
                    .orElseThrow(() -> new IllegalStateException("the simulator did not redirect: " + redirect.body()));
            String code = URLDecoder.decode(location.replaceFirst(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            String form = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(callback)
                    + "&client_id=" + encode(app.consumerKey()) + "&client_secret=" + encode(app.consumerSecret());
            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(salesforce.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("the simulator refused the code exchange: " + token.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public void writeSecretJson(String ref, String json) {
        try {
            Path file = secretsDirectory.resolve(ref + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a JWT bearer connection for the integration user, fetchable by {@link #INTEGRATION_ROLE}. */
    public Connection register(String id) {
        return register(id, LoginHost.of(salesforce.baseUrl(), null), user.username(), CREDENTIALS_REF);
    }

    public Connection register(String id, LoginHost loginHost, String username, String credentialsRef) {
        Connection connection = Connection.register(id, loginHost, username, credentialsRef, Flow.JWT_BEARER, null,
                Set.of(INTEGRATION_ROLE));
        if (!context.getBean(ConnectionStore.class).create(connection)) {
            throw new IllegalStateException("connection " + id + " exists");
        }
        return connection;
    }

    /**
     * Registers JWT bearer connections {@code prefix0} to {@code prefix<count-1>}, fetchable by {@link #INTEGRATION_ROLE},
     * each for a simulated Salesforce user of its own ({@code <id>@acme.example}, pre-authorised like the integration
     * user): no two share a login budget, and the simulator's token calls per user are its connection's. Written as
     * {@link #register} writes one (new, due at once), but straight into the table with {@code BatchWriteItem}s of 25
     * (DynamoDB's limit) from several threads: a hundred thousand in seconds.
     */
    public List<Connection> registerEachWithItsOwnUser(String prefix, int count) {
        List<Connection> connections = IntStream.range(0, count).mapToObj(i -> Connection.register(prefix + i,
                LoginHost.of(salesforce.baseUrl(), null), prefix + i + "@acme.example", CREDENTIALS_REF, Flow.JWT_BEARER, null,
                Set.of(INTEGRATION_ROLE))).toList();
        org.addUsers(connections.stream().map(Connection::username).toList());
        writeAll(connections);
        return connections;
    }

    private void writeAll(List<Connection> connections) {
        List<List<Connection>> batches = new ArrayList<>();
        for (int from = 0; from < connections.size(); from += SEED_BATCH) {
            batches.add(connections.subList(from, Math.min(from + SEED_BATCH, connections.size())));
        }
        try (DynamoDbClient dynamo = DynamoDbLocal.client(); ExecutorService writers = Executors.newFixedThreadPool(SEED_WRITERS)) {
            batches.stream().map(batch -> CompletableFuture.runAsync(() -> {
                Map<String, List<WriteRequest>> pending = Map.of(table, batch.stream()
                        .map(connection -> WriteRequest.builder().putRequest(put -> put.item(DynamoDbConnectionStore.newItem(connection))).build())
                        .toList());
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    pending = dynamo.batchWriteItem(write -> write.requestItems(request)).unprocessedItems();
                }
            }, writers)).toList().forEach(CompletableFuture::join);
        }
    }

    public ApplicationContext context() {
        return context;
    }

    /** The local HTTP server ({@link #withServer()} only). */
    public EmbeddedServer server() {
        return server;
    }

    public SalesforceSimulator salesforce() {
        return salesforce;
    }

    public SimOrg org() {
        return org;
    }

    public SimUser user() {
        return user;
    }

    public SimConnectedApp app() {
        return app;
    }

    public ConnectedAppKeys keys() {
        return keys;
    }

    public String table() {
        return table;
    }

    public String auditTable() {
        return auditTable;
    }
}
