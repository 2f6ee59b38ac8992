package dev.sfbroker.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Request parsing and response writing shared by the endpoints. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_UTF8 = "application/json;charset=UTF-8";
    /** The token endpoint's observed Cache-Control header. */
    static final String NO_STORE = "no-cache,must-revalidate,max-age=0,no-store,private";
    static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX_BODY_BYTES = 1 << 20;

    private Http() {
    }

    /**
     * The form parameters of a {@code application/x-www-form-urlencoded} body; empty for any other
     * content type or a malformed body. The first value of a repeated name wins.
     */
    static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return Map.of();
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        }
        return FormEncoding.parse(body);
    }

    /** Sends {@code body} as JSON with {@code Content-Type: application/json;charset=UTF-8}. */
    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        send(exchange, status, JSON_UTF8, bytes);
    }

    /** Sends {@code bytes} as the whole body, with that {@code Content-Type}. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Like {@link #sendJson} with the token endpoint's no-store caching headers. */
    static void sendJsonNoStore(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", NO_STORE);
        sendJson(exchange, status, body);
    }

    static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
