package dev.sfbroker.local;

/**
 * Where the local runner listens. Defaults: broker 8080, simulator 8081, DynamoDB Local 8000; override
 * with BROKER_PORT, SF_SIMULATOR_PORT and DYNAMODB_LOCAL_PORT (0 picks a free port).
 */
public record LocalPorts(int broker, int salesforce, int dynamoDb) {

    public static LocalPorts fromEnvironment() {
        return new LocalPorts(port("BROKER_PORT", 8080), port("SF_SIMULATOR_PORT", 8081), port("DYNAMODB_LOCAL_PORT", 8000));
    }

    public static LocalPorts anyFree() {
        return new LocalPorts(0, 0, 0);
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
