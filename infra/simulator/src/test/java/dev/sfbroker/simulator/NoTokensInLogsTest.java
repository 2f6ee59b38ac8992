package dev.sfbroker.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tokens are secrets and never reach the log. */
class NoTokensInLogsTest extends GrantTestBase {

    private static final Pattern TOKEN_SHAPE = Pattern.compile("00D\\w{12}!");
    private static final Pattern REFRESH_TOKEN_OR_CODE_SHAPE = Pattern.compile("5Aep861|aPrx");
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

    // refresh tokens, delete tokens and authorization codes are secrets too, through every grant-model path
    @Test
    void noRefreshTokenDeleteTokenOrCodeIsLogged() {
        app.refreshTokenRotation(true);
        String code = authorizationCode();
        Map<String, String> exchange = codeExchange(code);
        String refreshToken = json(postForm(exchange)).get("refresh_token").asText();
        postForm(exchange);                                                    // a used code
        SimGrant grant = sim.grant(refreshToken).orElseThrow();
        String deleteToken = grant.deleteToken();
        String rotated = refreshed(refreshToken).get("refresh_token").asText();
        introspect(rotated, app);
        refresh(refreshToken);                                                 // reuse: the grant is revoked
        send(HttpRequest.newBuilder(URI.create(sim.revokeUrl() + "?callback=cb&token=" + rotated)).GET());
        revoke(deleteToken);
        sim.close();
        sim = SalesforceSimulator.start();

        List<String> secrets = List.of(code, refreshToken, rotated, deleteToken);
        assertFalse(lines.isEmpty(), "the capture saw the simulator's log");
        assertTrue(lines.stream().noneMatch(line -> secrets.stream().anyMatch(line::contains)
                || REFRESH_TOKEN_OR_CODE_SHAPE.matcher(line).find()), () -> String.join("", lines));
        assertFalse(grant.toString().contains(refreshToken) || grant.toString().contains(deleteToken));
    }
}
