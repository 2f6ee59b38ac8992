package dev.sfbroker.simulator;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until killed: {@code SimulatorMain [port] [--demo]}. The port comes
 * from the first argument that is not a flag, else the environment variable {@value #PORT_ENV}, else
 * 0 (a free port). {@value #DEMO_FLAG} seeds a {@link DemoWorld}. Prints the base URL and start-up
 * time on stdout; the control API under {@code /__sim/} builds anything else.
 */
public final class SimulatorMain {

    /** Environment variable naming the port. */
    public static final String PORT_ENV = "SF_SIMULATOR_PORT";
    /** Flag that seeds a demo org, user and connected app. */
    public static final String DEMO_FLAG = "--demo";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        long started = System.nanoTime();
        int port;
        try {
            port = port(args);
            rejectUnknownFlags(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimulatorMain [port] [" + DEMO_FLAG + "]   (or set " + PORT_ENV + "; 0 = a free port)");
            System.exit(2);
            return;
        }
        SalesforceSimulator simulator = SalesforceSimulator.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sf-simulator-shutdown"));
        System.out.println("Salesforce simulator listening on " + simulator.baseUrl()
                + " (started in " + (System.nanoTime() - started) / 1_000_000 + " ms)");
        System.out.println("token endpoint: " + simulator.tokenUrl() + "   control API: " + simulator.baseUrl() + ControlApi.PREFIX);
        if (demo(args)) {
            DemoWorld.create(simulator).describe(simulator).forEach(System.out::println);
        }
        System.out.flush();
        stopped.await();
    }

    /** The port: the first argument that is not a flag, else {@value #PORT_ENV}, else 0. */
    static int port(String[] args) {
        String value = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst().orElse(System.getenv(PORT_ENV));
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

    static boolean demo(String[] args) {
        return List.of(args).contains(DEMO_FLAG);
    }

    private static void rejectUnknownFlags(String[] args) {
        Arrays.stream(args).filter(a -> a.startsWith("--") && !a.equals(DEMO_FLAG)).findFirst().ifPresent(flag -> {
            throw new IllegalArgumentException("unknown flag: " + flag);
        });
    }
}
