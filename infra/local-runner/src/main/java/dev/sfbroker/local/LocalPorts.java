package dev.sfbroker.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where the local runner listens. Defaults: broker 8080, simulator 8081, DynamoDB Local 8000; override
 * with BROKER_PORT, SF_SIMULATOR_PORT and DYNAMODB_LOCAL_PORT (0 picks a free port).
 */
public record LocalPorts(int broker, int salesforce, int dynamoDb) {

    /** A port the runner cannot use, said so that the user knows what to change. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    public static LocalPorts fromEnvironment() {
        return new LocalPorts(port("BROKER_PORT", 8080), port("SF_SIMULATOR_PORT", 8081), port("DYNAMODB_LOCAL_PORT", 8000));
    }

    public static LocalPorts anyFree() {
        return new LocalPorts(0, 0, 0);
    }

    /** Checks every port before anything starts, so a taken one stops the run at once with nothing left running. */
    public void requireFree() {
        requireFree(broker, "BROKER_PORT", "the broker");
        requireFree(salesforce, "SF_SIMULATOR_PORT", "the Salesforce simulator");
        requireFree(dynamoDb, "DYNAMODB_LOCAL_PORT", "DynamoDB Local");
    }

    private static void requireFree(int port, String variable, String what) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new Unavailable("Port " + port + " (for " + what + ") is taken by another program. Stop that program, or choose"
                    + " another port: " + variable + "=" + (port + 1000) + " ./mvnw -Plocal (" + variable + "=0 picks a free one).");
        }
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below, with the accepted values
        }
        throw new Unavailable(variable + "='" + value + "' is not a port; set it to a number from 1 to 65535, or 0 for any free port.");
    }
}
