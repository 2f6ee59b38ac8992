package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves one call through the armed {@link SimFaults}: waits out any latency, then handles the call,
 * answers the configured failure, holds it and hangs up, handles it and hangs up without answering,
 * or handles it and sends another answer than its own. A {@link ProcessingHandler} (the token
 * endpoint) lets the latency elapse itself, once the call is in processing. Hanging up before any
 * response header is sent makes the JDK server close the connection.
 */
final class FaultInjector {

    private final SimFaults faults;

    FaultInjector(SimFaults faults) {
        this.faults = faults;
    }

    void serve(SimEndpoint endpoint, HttpExchange exchange, HttpHandler handler) throws IOException {
        SimFaults.Decision decision = faults.next(endpoint);
        Delay latency = new Delay(decision.delay());
        switch (decision.outcome()) {
            case null -> handle(handler, exchange, latency);
            case FaultAction.Fail fail -> {
                latency.elapse();
                answer(exchange, fail.status(), fail.contentType(), fail.body());
            }
            case FaultAction.Timeout timeout -> {
                latency.elapse();
                new Delay(timeout.hold()).elapse();
                exchange.close();
            }
            case FaultAction.LoseResponse lose -> {
                try {
                    handle(handler, new DiscardingExchange(exchange), latency);
                } finally {
                    exchange.close();
                }
            }
            case FaultAction.AnswerAfterApply answer -> {
                handle(handler, new DiscardingExchange(exchange), latency);
                answer(exchange, answer.status(), answer.contentType(), answer.body());
            }
        }
    }

    private static void handle(HttpHandler handler, HttpExchange exchange, Delay latency) throws IOException {
        if (handler instanceof ProcessingHandler processing) {
            processing.handle(exchange, latency);
        } else {
            latency.elapse();
            handler.handle(exchange);
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
}
