package dev.sfbroker.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DESIGN rule 7: tokens are secrets and never reach the log. */
class NoTokensInLogsTest extends SimulatorTestBase {

    private static final Pattern TOKEN_SHAPE = Pattern.compile("00D\\w{12}!");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private Level previousLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        root.removeHandler(capture);
        root.setLevel(previousLevel);
    }

    @Test
    void noAccessTokenIsLogged() {
        String token = accessToken();
        get("/services/data/v62.0/limits", token);
        sim.clock().advance(Duration.ofHours(3));
        get("/services/data/v62.0/limits", token);
        exchange(assertion().audience(TEST));
        sim.close();
        sim = SalesforceSimulator.start();   // a start is logged, so capture works

        assertFalse(lines.isEmpty(), "the capture saw the simulator's log");
        assertTrue(lines.stream().noneMatch(line -> line.contains(token) || TOKEN_SHAPE.matcher(line).find()),
                () -> String.join("", lines));
    }
}
