package dev.sfbroker.testing;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Amazon's DynamoDB Local engine as an in-memory HTTP server, one per test JVM. */
public final class DynamoDbLocal {
    private static String endpoint;

    private DynamoDbLocal() {
    }

    public static synchronized String endpoint() {
        if (endpoint == null) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
            endpoint = "http://127.0.0.1:" + port;
        }
        return endpoint;
    }

    /** A client for raw reads in assertions (the broker builds its own from configuration). */
    public static DynamoDbClient client() {
        return clientFor(endpoint()).build();
    }

    /** A client of DynamoDB Local, or of a proxy in front of it, configured as the broker's is (retries as the SDK's default). */
    public static DynamoDbClientBuilder clientFor(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** How many items a table holds (a full scan: for the small tables of tests). */
    public static int itemCount(String table) {
        return client().scanPaginator(request -> request.tableName(table).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT))
                .stream().mapToInt(page -> page.count()).sum();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }
}
