package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting, stopping and addressing the simulator. */
class SimulatorLifecycleTest {

    private static final System.Logger LOG = System.getLogger(SimulatorLifecycleTest.class.getName());

    // logs the start time; no timing assertion (the brief asks for well under a second)
    @Test
    void startsOnAFreePortAndLogsStartTime() throws Exception {
        long started = System.nanoTime();
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.log(System.Logger.Level.INFO, "simulator started in {0} ms", millis);
            System.out.println("simulator start time: " + millis + " ms");
            assertTrue(sim.port() > 0);
            assertEquals("http://127.0.0.1:" + sim.port(), sim.baseUrl());
            assertEquals(sim.baseUrl() + "/services/oauth2/token", sim.tokenUrl());
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/data")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
        }
    }

    // start(int port) binds the given port; close frees it
    @Test
    void startsOnAFixedPortAndFreesItOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (SalesforceSimulator sim = SalesforceSimulator.start(port)) {
            assertEquals(port, sim.port());
            assertThrows(RuntimeException.class, () -> SalesforceSimulator.start(port));
        }
        try (SalesforceSimulator again = SalesforceSimulator.start(port)) {
            assertEquals(port, again.port());
        }
    }

    // every org's instance URL is the simulator, so REST calls with its tokens reach it
    @Test
    void instanceUrlIsTheSimulatorBaseUrl() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            assertEquals(sim.baseUrl(), sim.addOrg("acme").instanceUrl());
        }
    }

    // usernames are unique across orgs and looked up case-insensitively
    @Test
    void usernamesAreGloballyUnique() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            SimUser user = sim.addOrg("a").addUser("same@example.com");
            SimOrg other = sim.addOrg("b");
            assertThrows(IllegalArgumentException.class, () -> other.addUser("SAME@example.com"));
            assertEquals(user, sim.user("Same@Example.com").orElseThrow());
        }
    }

    // SimulatorMain reads the port from the first argument, else 0
    @Test
    void mainParsesThePortArgument() {
        assertEquals(8089, SimulatorMain.port(new String[]{"8089"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.port(new String[]{"http"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.port(new String[]{"70000"}));
    }
}
