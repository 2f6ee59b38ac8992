package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Serves one call through the armed {@link SimFaults}: waits out any latency, then handles the call,
 * answers the configured failure, holds it and hangs up, or handles it and hangs up without answering.
 * Hanging up before any response header is sent makes the JDK server close the connection.
 */
final class FaultInjector {

    private final SimFaults faults;

    FaultInjector(SimFaults faults) {
        this.faults = faults;
    }

    void serve(SimEndpoint endpoint, HttpExchange exchange, HttpHandler handler) throws IOException {
        SimFaults.Decision decision = faults.next(endpoint);
        if (!pause(decision.delay())) {
            exchange.close();
            return;
        }
        switch (decision.outcome()) {
            case null -> handler.handle(exchange);
            case FaultAction.Fail fail -> fail(exchange, fail);
            case FaultAction.Timeout timeout -> {
                pause(timeout.hold());
                exchange.close();
            }
            case FaultAction.LoseResponse lose -> {
                try {
                    handler.handle(new DiscardingExchange(exchange));
                } finally {
                    exchange.close();
                }
            }
        }
    }

    private static void fail(HttpExchange exchange, FaultAction.Fail fail) throws IOException {
        byte[] body = fail.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", fail.contentType());
        exchange.sendResponseHeaders(fail.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sleeps; false if interrupted (the simulator is closing). */
    private static boolean pause(Duration duration) {
        if (duration.isZero()) {
            return true;
        }
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
