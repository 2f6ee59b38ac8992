package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's own JSON API under {@code /__sim/}: the Java API of {@link SalesforceSimulator}
 * over HTTP, for standalone use (the README lists every route). Errors are
 * {@code {"error","message"}}: 400 for bad JSON, unknown fields or bad values, 404 for an unknown
 * route or object, 405 for a wrong method, 409 for a taken username. Never counted, never faulted.
 */
final class ControlApi implements HttpHandler {

    static final String PREFIX = "/__sim/";

    private final List<ControlRoute> routes;

    ControlApi(SalesforceSimulator sim) {
        ModelResource model = new ModelResource(sim);
        SettingsResource settings = new SettingsResource(sim.settings());
        FaultsResource faults = new FaultsResource(sim.faults());
        ClockResource clock = new ClockResource(sim.clock());
        StatsResource stats = new StatsResource(sim);
        routes = List.of(
                new ControlRoute("GET", "orgs", r -> model.listOrgs()),
                new ControlRoute("POST", "orgs", model::createOrg),
                new ControlRoute("GET", "orgs/{}", model::getOrg),
                new ControlRoute("PATCH", "orgs/{}", model::updateOrg),
                new ControlRoute("POST", "orgs/{}/users", model::createUser),
                new ControlRoute("POST", "orgs/{}/connected-apps", model::createApp),
                new ControlRoute("GET", "users/{}", model::getUser),
                new ControlRoute("PATCH", "users/{}", model::updateUser),
                new ControlRoute("GET", "connected-apps/{}", model::getApp),
                new ControlRoute("PATCH", "connected-apps/{}", model::updateApp),
                new ControlRoute("GET", "connected-apps/{}/users/{}/grants", model::listGrants),
                new ControlRoute("GET", "settings", r -> settings.get()),
                new ControlRoute("PUT", "settings", settings::replace),
                new ControlRoute("PATCH", "settings", settings::update),
                new ControlRoute("GET", "faults", r -> faults.list()),
                new ControlRoute("POST", "faults", faults::arm),
                new ControlRoute("DELETE", "faults", r -> faults.clear()),
                new ControlRoute("DELETE", "faults/{}", faults::clearEndpoint),
                new ControlRoute("GET", "clock", r -> clock.get()),
                new ControlRoute("PUT", "clock", clock::set),
                new ControlRoute("POST", "clock/advance", clock::advance),
                new ControlRoute("DELETE", "clock", r -> clock.reset()),
                new ControlRoute("GET", "counters", r -> stats.counters()),
                new ControlRoute("DELETE", "counters", r -> stats.resetCounters()),
                new ControlRoute("GET", "logins", r -> stats.logins()),
                new ControlRoute("DELETE", "logins", r -> stats.resetLogins()),
                new ControlRoute("GET", "sessions", r -> stats.sessions()),
                new ControlRoute("POST", "reset", r -> {
                    sim.reset();
                    return ControlResponse.noContent();
                }));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ControlResponse response;
        try {
            response = serve(exchange);
        } catch (ControlException e) {
            response = error(e.status(), e.error(), e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a model setter refused the value (e.g. a certificate over 4 KB)
            response = error(400, "bad_request", e.getMessage());
        }
        if (response.body() == null) {
            Http.sendEmpty(exchange, response.status());
        } else {
            Http.sendJson(exchange, response.status(), response.body());
        }
    }

    private ControlResponse serve(HttpExchange exchange) throws IOException {
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        Set<String> allowed = new LinkedHashSet<>();
        for (ControlRoute route : routes) {
            List<String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(exchange.getRequestMethod())) {
                return route.action().serve(new ControlRequest(exchange, params));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw ControlException.notFound("no control resource at " + exchange.getRequestURI().getRawPath());
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw ControlException.methodNotAllowed("use " + String.join(" or ", allowed));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.substring(PREFIX.length()).split("/")) {
            if (!raw.isEmpty()) {
                try {
                    // percent-decoding only: a '+' in a path is a plus (user+tag@example.com)
                    segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw ControlException.badRequest("malformed path segment " + raw);
                }
            }
        }
        return segments;
    }

    private static ControlResponse error(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return new ControlResponse(status, body);
    }

    /** One route: a method and a path below {@code /__sim/} whose {@code {}} segments are parameters. */
    private record ControlRoute(String method, List<String> pattern, Action action) {

        ControlRoute(String method, String pattern, Action action) {
            this(method, Arrays.asList(pattern.split("/")), action);
        }

        /** The parameters if the segments fit the pattern, else null. */
        List<String> match(List<String> segments) {
            if (segments.size() != pattern.size()) {
                return null;
            }
            List<String> params = new ArrayList<>();
            for (int i = 0; i < pattern.size(); i++) {
                if (pattern.get(i).equals("{}")) {
                    params.add(segments.get(i));
                } else if (!pattern.get(i).equals(segments.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    @FunctionalInterface
    interface Action {
        ControlResponse serve(ControlRequest request) throws IOException;
    }
}
