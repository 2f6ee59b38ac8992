package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /services/oauth2/token}. Reads the form body (any other body reads as empty, so a
 * JSON body or a GET fails as an unsupported grant type), counts the grant type, and hands the
 * request to the {@link GrantHandler} for it. Errors are HTTP 400 JSON objects (reference §7).
 */
final class TokenEndpoint {

    static final String PATH = "/services/oauth2/token";

    private final Map<String, GrantHandler> grants;
    private final SimCounters counters;

    TokenEndpoint(List<GrantHandler> grants, SimCounters counters) {
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType, Function.identity()));
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = "POST".equals(exchange.getRequestMethod()) ? Http.readForm(exchange) : Map.of();
        String grantType = form.get("grant_type");
        counters.countGrantType(grantType);
        GrantHandler handler = grantType == null ? null : grants.get(grantType);
        try {
            if (handler == null) {
                throw new OAuthException(OAuthErrors.UNSUPPORTED_GRANT_TYPE);
            }
            Map<String, Object> body = handler.exchange(new TokenRequest(form, exchange.getRemoteAddress()));
            Http.sendJsonNoStore(exchange, 200, body);
        } catch (OAuthException e) {
            Http.sendJsonNoStore(exchange, e.error().status(), errorBody(e.error()));
        }
    }

    static Map<String, Object> errorBody(OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.description());
        return body;
    }
}
