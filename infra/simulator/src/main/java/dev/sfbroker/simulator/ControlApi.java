package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's own JSON API under {@code /__sim/} (reserved; grows in a later issue).
 * {@code GET /__sim/counters} reads the counters, {@code DELETE /__sim/counters} resets them.
 */
final class ControlApi {

    static final String PREFIX = "/__sim/";

    private final SimCounters counters;

    ControlApi(SimCounters counters) {
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals(PREFIX + "counters")) {
            switch (method) {
                case "GET" -> Http.sendJson(exchange, 200, countersJson(counters.snapshot()));
                case "DELETE" -> {
                    counters.reset();
                    Http.sendEmpty(exchange, 204);
                }
                default -> Http.sendJson(exchange, 405, Map.of("error", "method_not_allowed", "message", "use GET or DELETE"));
            }
            return;
        }
        Http.sendJson(exchange, 404, Map.of("error", "not_found", "message", "no control resource at " + path));
    }

    static Map<String, Object> countersJson(SimCounters.Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("totalCalls", snapshot.totalCalls());
        Map<String, Long> endpoints = new LinkedHashMap<>();
        snapshot.byEndpoint().forEach((endpoint, n) -> endpoints.put(endpoint.key(), n));
        json.put("byEndpoint", endpoints);
        json.put("byGrantType", snapshot.byGrantType());
        Map<String, Object> users = new LinkedHashMap<>();
        snapshot.byUser().forEach((user, counts) -> {
            Map<String, Long> perEndpoint = new LinkedHashMap<>();
            counts.forEach((endpoint, n) -> perEndpoint.put(endpoint.key(), n));
            users.put(user, perEndpoint);
        });
        json.put("byUser", users);
        return json;
    }
}
