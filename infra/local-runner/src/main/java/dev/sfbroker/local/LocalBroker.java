package dev.sfbroker.local;

import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.SalesforceSimulator;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.store.ConnectionsTable;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.LoginHost;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole broker on one machine: DynamoDB Local, the Salesforce simulator with a demo org whose
 * connected app trusts a key generated at start-up, that key in a local secrets directory, the broker's
 * HTTP API, and a registered {@code demo} connection. Nothing is kept: every start is a fresh world.
 */
public final class LocalBroker implements AutoCloseable {
    public static final String DEMO_CONNECTION = "demo";
    /** A refresh-token connection, with rotation on, to onboard through the web-server flow. */
    public static final String REFRESH_DEMO_CONNECTION = "demo-refresh";
    static final String CREDENTIALS_REF = "connected-apps/demo";
    static final String WEB_CREDENTIALS_REF = "connected-apps/demo-web";

    private final LocalDynamoDb dynamoDb;
    private final SalesforceSimulator salesforce;
    private final Path secretsDirectory;
    private final EmbeddedServer server;
    private final SimOrg org;
    private final SimUser user;

    private LocalBroker(LocalPorts ports) throws IOException {
        dynamoDb = LocalDynamoDb.start(ports.dynamoDb());
        salesforce = SalesforceSimulator.start(ports.salesforce());
        org = salesforce.addOrg("Demo Corp");
        user = org.addUser("integration@demo.example");
        // a certificate that expires in 25 days, so the policy audit has something to say
        ConnectedAppKeys keys = ConnectedAppKeys.generate(Duration.ofDays(25));
        SimConnectedApp app = org.addConnectedApp("Token Broker", keys.certificatePem()).preAuthorize(user);
        secretsDirectory = Files.createTempDirectory("token-broker-secrets");
        writeSecret(CREDENTIALS_REF, "{\"consumer_key\":\"" + app.consumerKey() + "\",\"connected_app\":\"" + app.fullName()
                + "\",\"private_key\":\"" + keys.privateKeyPem().replace("\n", "\\n") + "\"}");

        // the broker runs on the simulator's clock: moving the simulated time (POST /__sim/clock/advance) moves both
        ApplicationContext context = ApplicationContext.builder()
                .singletons(salesforce.clock())
                .environments("local")
                .properties(Map.of(
                        "micronaut.server.port", ports.broker(),
                        "aws.services.dynamodb.endpoint-override", dynamoDb.endpoint(),
                        "broker.secrets.local-dir", secretsDirectory.toString(),
                        "broker.encryption.local-key", randomKey(),
                        "broker.salesforce.extra-hosts", extraHosts(salesforce.baseUrl())))
                .start();
        DynamoDbClient dynamo = context.getBean(DynamoDbClient.class);
        ConnectionsTable.create(dynamo, context.getRequiredProperty("broker.store.connections-table", String.class));
        ConnectionsTable.createAuditTable(dynamo, context.getRequiredProperty("broker.store.audit-table", String.class));
        ConnectionStore store = context.getBean(ConnectionStore.class);
        Set<String> developer = Set.of(developerPrincipal(context));
        LoginHost loginHost = LoginHost.of(salesforce.baseUrl(), null);
        store.create(Connection.register(DEMO_CONNECTION, loginHost, user.username(), CREDENTIALS_REF, Flow.JWT_BEARER, null, developer));
        // the API starts last, so its first request finds the tables and the demo connections
        server = context.getBean(EmbeddedServer.class).start();
        SimConnectedApp webApp = org.addConnectedApp("Token Broker Web")
                .callbackUrl(brokerUrl() + "/oauth/callback")
                .refreshTokenRotation(true)
                .authorizeAs(user);
        writeSecret(WEB_CREDENTIALS_REF, "{\"consumer_key\":\"" + webApp.consumerKey() + "\",\"consumer_secret\":\""
                + webApp.consumerSecret() + "\",\"connected_app\":\"" + webApp.fullName() + "\"}");
        store.create(Connection.register(REFRESH_DEMO_CONNECTION, loginHost, user.username(), WEB_CREDENTIALS_REF,
                Flow.REFRESH_TOKEN, null, developer));
    }

    /** The simulator, besides what the environment allows (another simulated or proxied Salesforce, say). */
    private static String extraHosts(String simulator) {
        String configured = System.getenv("BROKER_SALESFORCE_EXTRA_HOSTS");
        return configured == null || configured.isBlank() ? simulator : configured + "," + simulator;
    }

    private static String developerPrincipal(ApplicationContext context) {
        return context.getRequiredProperty("broker.identity.development-principal", String.class);
    }

    public static LocalBroker start(LocalPorts ports) throws IOException {
        return new LocalBroker(ports);
    }

    public String brokerUrl() {
        return "http://localhost:" + server.getPort();
    }

    public SalesforceSimulator salesforce() {
        return salesforce;
    }

    /** The broker's configuration and beans. */
    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    /** Exits 2 when a port is taken or malformed, 1 when anything else stops the start: never a half-started world left running. */
    public static void main(String[] args) throws Exception {
        LocalBroker broker;
        try {
            LocalPorts ports = LocalPorts.fromEnvironment();
            ports.requireFree();
            broker = start(ports);
        } catch (LocalPorts.Unavailable e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("The local broker could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println(broker.banner());
        Thread.currentThread().join();
    }

    String banner() {
        String token = brokerUrl() + "/connections/" + DEMO_CONNECTION + "/token";
        return String.join(System.lineSeparator(),
                "",
                "Token broker running on " + brokerUrl(),
                "  DynamoDB Local        " + dynamoDb.endpoint() + " (in memory)",
                "  Salesforce simulator  " + salesforce.baseUrl() + " (org " + org.id() + ", user " + user.username() + ")",
                "  connection            '" + DEMO_CONNECTION + "' (jwt_bearer), caller "
                        + developerPrincipal(server.getApplicationContext()),
                "",
                "Get a token:",
                "  curl -s " + token,
                "Use it against the simulator's REST API:",
                "  curl -s -H \"Authorization: Bearer $(curl -s " + token
                        + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\" " + salesforce.baseUrl() + "/services/data/v62.0/limits",
                "Ask as a caller that is not allowed (403):",
                "  curl -s -H 'X-Broker-Principal: arn:aws:iam::000000000000:role/someone-else' " + token,
                "Onboard the refresh-token connection '" + REFRESH_DEMO_CONNECTION + "' (rotation on): start the web-server flow as ops,",
                "then open the URL (the simulated Salesforce approves at once and redirects to the broker's callback):",
                "  curl -sL \"$(curl -s -X POST " + brokerUrl() + "/ops/connections/" + REFRESH_DEMO_CONNECTION
                        + "/authorization | sed 's/.*\"authorize_url\":\"\\([^\"]*\\)\".*/\\1/')\"",
                "  curl -s " + brokerUrl() + "/connections/" + REFRESH_DEMO_CONNECTION + "/token",
                "Run the Connected App policy audit and read it as a table:",
                "  curl -s -X POST " + brokerUrl() + "/ops/policy-audit > /dev/null; curl -s '" + brokerUrl() + "/ops/policy-audit?format=table'",
                "",
                "Ctrl-C stops everything; nothing is kept.");
    }

    private void writeSecret(String ref, String json) throws IOException {
        Path file = secretsDirectory.resolve(ref + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
        salesforce.close();
        dynamoDb.close();
        try (Stream<Path> files = Files.walk(secretsDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans it up eventually
        }
    }
}
