package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one HTTP handler. The control API ({@code /__sim/}) goes straight to its handler, uncounted
 * and never faulted. Any other call is matched to a {@link Route} (none: {@link SimEndpoint#OTHER},
 * answered 404), counted, and served through the {@link FaultInjector}, so faults apply to every
 * endpoint alike. An unexpected failure becomes a 500, logged without request data, so no token
 * reaches the log.
 */
final class Router implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());
    private static final HttpHandler NOT_FOUND = exchange -> Http.sendJson(exchange, 404,
            List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")));

    private final List<Route> routes;
    private final HttpHandler control;
    private final SimCounters counters;
    private final FaultInjector faults;

    Router(List<Route> routes, HttpHandler control, SimCounters counters, FaultInjector faults) {
        this.routes = List.copyOf(routes);
        this.control = control;
        this.counters = counters;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(ControlApi.PREFIX)) {
                control.handle(exchange);
                return;
            }
            Route route = route(path);
            SimEndpoint endpoint = route == null ? SimEndpoint.OTHER : route.endpoint();
            counters.countCall(endpoint);
            faults.serve(endpoint, exchange, route == null ? NOT_FOUND : route.handler());
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

    private Route route(String path) {
        for (Route route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }
}
