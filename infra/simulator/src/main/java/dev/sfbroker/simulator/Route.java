package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpHandler;

import java.util.Objects;

/**
 * One Salesforce endpoint the {@link Router} serves: the counted {@link SimEndpoint}, its path
 * (exact, or a prefix covering everything below it) and the handler. New endpoints are new routes.
 */
record Route(SimEndpoint endpoint, String path, boolean coversSubpaths, HttpHandler handler) {

    Route {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    /** A route for exactly {@code path}. */
    static Route exact(SimEndpoint endpoint, String path, HttpHandler handler) {
        return new Route(endpoint, path, false, handler);
    }

    /** A route for {@code path} and everything below {@code path + "/"}. */
    static Route tree(SimEndpoint endpoint, String path, HttpHandler handler) {
        return new Route(endpoint, path, true, handler);
    }

    boolean matches(String requestPath) {
        return requestPath.equals(path) || (coversSubpaths && requestPath.startsWith(path + "/"));
    }
}
