package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one HTTP handler: counts each call by endpoint, routes it, and turns an unexpected failure
 * into a 500 (logged without request data, so no token reaches the log).
 */
final class Router implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final TokenEndpoint token;
    private final RestApi rest;
    private final ControlApi control;
    private final SimCounters counters;

    Router(TokenEndpoint token, RestApi rest, ControlApi control, SimCounters counters) {
        this.token = token;
        this.rest = rest;
        this.control = control;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(TokenEndpoint.PATH)) {
                counters.countCall(SimEndpoint.TOKEN);
                token.handle(exchange);
            } else if (path.equals(RestApi.PATH) || path.startsWith(RestApi.PATH + "/")) {
                counters.countCall(SimEndpoint.REST_API);
                rest.handle(exchange);
            } else if (path.startsWith(ControlApi.PREFIX)) {
                control.handle(exchange);
            } else {
                counters.countCall(SimEndpoint.OTHER);
                Http.sendJson(exchange, 404,
                        List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client connection failed: {0}", e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator fault in " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath() + ": " + e);
            if (exchange.getResponseCode() == -1) {
                try {
                    Http.sendJson(exchange, 500, Map.of("error", "simulator_fault"));
                } catch (IOException | RuntimeException ignored) {
                    // the client is gone
                }
            }
        }
    }
}
