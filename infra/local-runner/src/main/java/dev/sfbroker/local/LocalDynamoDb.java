package dev.sfbroker.local;

import java.io.IOException;
import java.net.ServerSocket;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** Amazon's DynamoDB Local engine, in memory, in this JVM, as an HTTP server. */
final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port 0 for any free port */
    static LocalDynamoDb start(int port) throws IOException {
        int chosen = port != 0 ? port : freePort();
        try {
            // one database for every access key, so tools with other credentials see the same tables
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(chosen), "-disableTelemetry"});
            server.start();
            return new LocalDynamoDb(server, chosen);
        } catch (Exception e) {
            throw new IOException("DynamoDB Local could not start on port " + chosen + " (set DYNAMODB_LOCAL_PORT to another port)", e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping an in-memory database loses nothing
        }
    }
}
