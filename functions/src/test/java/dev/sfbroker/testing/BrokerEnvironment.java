package dev.sfbroker.testing;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One broker world for a test class: the Salesforce simulator with an org, an integration user and a
 * connected app whose certificate matches a key generated now; the connected app secret in a local secrets
 * directory; and a fresh connections table in DynamoDB Local.
 */
public final class BrokerEnvironment implements AutoCloseable {
    public static final String INTEGRATION_ROLE = "arn:aws:iam::123456789012:role/sync-job";
    public static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/someone-else";
    public static final String CREDENTIALS_REF = "connected-apps/token-broker";

    public final SalesforceSimulator salesforce;
    public final SimOrg org;
    public final SimUser user;
    public final SimConnectedApp app;
    public final ConnectedAppKeys keys;
    public final String table = "connections-" + UUID.randomUUID();
    private final Path secretsDirectory;

    private BrokerEnvironment() throws IOException {
        salesforce = SalesforceSimulator.start();
        org = salesforce.addOrg("acme");
        user = org.addUser("integration@acme.example");
        keys = ConnectedAppKeys.generate();
        app = org.addConnectedApp("Token Broker", keys.certificatePem());
        app.preAuthorize(user);
        secretsDirectory = Files.createTempDirectory("broker-secrets");
        writeSecret(CREDENTIALS_REF, app.consumerKey(), keys.privateKeyPem());
        ConnectionsTable.create(DynamoDbLocal.client(), table);
    }

    public static BrokerEnvironment start() {
        try {
            return new BrokerEnvironment();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Broker configuration for this world; {@code identityMode} is {@code iam} (Lambda) or {@code development}. */
    public Map<String, Object> properties(String identityMode) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("aws.region", "us-east-1");
        properties.put("aws.access-key-id", "local");
        properties.put("aws.secret-key", "local");
        properties.put("aws.services.dynamodb.endpoint-override", DynamoDbLocal.endpoint());
        properties.put("broker.store.connections-table", table);
        properties.put("broker.encryption.mode", "local");
        properties.put("broker.encryption.local-key", Base64.getEncoder().encodeToString(new byte[32]));
        properties.put("broker.secrets.source", "local");
        properties.put("broker.secrets.local-dir", secretsDirectory.toString());
        properties.put("broker.identity.mode", identityMode);
        properties.put("broker.identity.development-principal", INTEGRATION_ROLE);
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    public ApplicationContext startContext(String identityMode) {
        return ApplicationContext.builder().properties(properties(identityMode)).start();
    }

    public EmbeddedServer startServer() {
        return ApplicationContext.run(EmbeddedServer.class, properties("development"));
    }

    public void writeSecret(String ref, String consumerKey, String privateKeyPem) {
        String json = "{\"consumer_key\":\"" + consumerKey + "\",\"private_key\":\"" + privateKeyPem.replace("\n", "\\n") + "\"}";
        try {
            Path file = secretsDirectory.resolve(ref + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a JWT bearer connection for the integration user, fetchable by {@link #INTEGRATION_ROLE}. */
    public Connection register(ApplicationContext context, String id) {
        return register(context, id, LoginHost.of(salesforce.baseUrl(), null), user.username(), CREDENTIALS_REF);
    }

    public Connection register(ApplicationContext context, String id, LoginHost loginHost, String username, String credentialsRef) {
        Connection connection = Connection.register(id, loginHost, username, credentialsRef, Flow.JWT_BEARER, null,
                Set.of(INTEGRATION_ROLE));
        if (!context.getBean(ConnectionStore.class).create(connection)) {
            throw new IllegalStateException("connection " + id + " exists");
        }
        return connection;
    }

    @Override
    public void close() {
        salesforce.close();
    }
}
