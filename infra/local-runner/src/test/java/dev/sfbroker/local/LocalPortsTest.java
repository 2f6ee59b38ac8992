package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A taken port stops the local runner before anything starts, naming the port and how to choose another. */
class LocalPortsTest {

    @Test
    void aTakenPortIsNamedWithTheVariableThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> new LocalPorts(0, port, 0).requireFree())
                    .isInstanceOf(LocalPorts.Unavailable.class)
                    .hasMessageContaining("Port " + port + " (for the Salesforce simulator) is taken")
                    .hasMessageContaining("SF_SIMULATOR_PORT=")
                    .hasMessageContaining("SF_SIMULATOR_PORT=0 picks a free one");
        }
    }
}
