package dev.sfbroker.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until killed. The port comes from the first argument, else the
 * environment variable {@value #PORT_ENV}, else 0 (a free port). Prints the base URL on stdout.
 */
public final class SimulatorMain {

    /** Environment variable naming the port. */
    public static final String PORT_ENV = "SF_SIMULATOR_PORT";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = port(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimulatorMain [port]   (or set " + PORT_ENV + "; 0 = a free port)");
            System.exit(2);
            return;
        }
        SalesforceSimulator simulator = SalesforceSimulator.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sf-simulator-shutdown"));
        System.out.println("Salesforce simulator listening on " + simulator.baseUrl());
        System.out.println("token endpoint: " + simulator.tokenUrl() + "   counters: " + simulator.baseUrl()
                + ControlApi.PREFIX + "counters");
        System.out.flush();
        stopped.await();
    }

    static int port(String[] args) {
        String value = args.length > 0 ? args[0] : System.getenv(PORT_ENV);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + value);
        }
    }
}
