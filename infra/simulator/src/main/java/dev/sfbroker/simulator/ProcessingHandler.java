package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;

/**
 * An endpoint whose calls hold something while they are in processing: the token endpoint's lock on a
 * refresh token or authorization code. The {@link FaultInjector} hands it the call's
 * injected latency, to elapse while the call holds its lock, so that a concurrent call sees the slow one
 * still in processing. Other endpoints' calls wait out their latency before they are handled.
 */
interface ProcessingHandler extends HttpHandler {

    /** Handles the call, letting {@code latency} elapse once the call is in processing. */
    void handle(HttpExchange exchange, Delay latency) throws IOException;

    @Override
    default void handle(HttpExchange exchange) throws IOException {
        handle(exchange, Delay.NONE);
    }
}
