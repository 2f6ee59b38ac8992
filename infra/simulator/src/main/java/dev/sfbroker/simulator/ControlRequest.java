package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A control-API call: its path parameters (the {@code {}} parts of the route) and its JSON body, read on demand. */
final class ControlRequest {

    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final List<String> params;

    ControlRequest(HttpExchange exchange, List<String> params) {
        this.exchange = exchange;
        this.params = List.copyOf(params);
    }

    /** The n-th path parameter, URL-decoded. */
    String param(int n) {
        return params.get(n);
    }

    /** The body as a JSON object ({@code {}} when empty). */
    JsonBody body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ControlException.badRequest("body over 1 MiB");
            }
            return JsonBody.parse(bytes);
        }
    }
}
