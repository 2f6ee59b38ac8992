package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Serves one call through the armed {@link SimFaults}: waits out any latency, then handles the call,
 * answers the configured failure, holds it and hangs up, handles it and hangs up without answering,
 * or handles it and sends another answer than its own. Hanging up before any response header is sent
 * makes the JDK server close the connection.
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
            case FaultAction.Fail fail -> answer(exchange, fail.status(), fail.contentType(), fail.body());
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
            case FaultAction.AnswerAfterApply answer -> {
                handler.handle(new DiscardingExchange(exchange));
                answer(exchange, answer.status(), answer.contentType(), answer.body());
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
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
