package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Non-JSON responses: form-encoded error bodies, JSONP, and redirects. */
final class TextResponses {

    static final String FORM_UTF8 = "application/x-www-form-urlencoded;charset=UTF-8";
    static final String TEXT_UTF8 = "text/plain;charset=UTF-8";
    static final String JAVASCRIPT_UTF8 = "application/javascript;charset=UTF-8";

    private TextResponses() {
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        Http.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP 302 to {@code location}, no body. */
    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
