package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /id/{orgId}/{userId}}, the identity URL a token response names in {@code id}, served at the instance as
 * Salesforce serves it at My Domain: behind a bearer token of the same org, the user's {@code username},
 * {@code organization_id} and {@code user_id} (18-character ids), the fields a client checks to learn who approved.
 * A token of another org gets 403 {@code Bad_Id}, an unknown user 404 {@code Bad_Id}; no token, 401 as the REST API.
 */
final class IdentityEndpoint {

    static final String PATH = "/id";

    private final RestApi restApi;
    private final SimCounters counters;

    IdentityEndpoint(RestApi restApi, SimCounters counters) {
        this.restApi = restApi;
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        Optional<SimSession> session = restApi.authenticate(exchange);
        if (session.isEmpty()) {
            return;
        }
        SimUser caller = session.get().user();
        counters.countUser(caller.username(), SimEndpoint.IDENTITY);
        String[] ids = exchange.getRequestURI().getRawPath().substring(PATH.length()).split("/");
        if (ids.length != 3 || !ids[1].equals(caller.org().id())) {
            Http.sendJson(exchange, 403, List.of(Map.of("errorCode", "Bad_Id", "message", "Bad_Id")));
            return;
        }
        Optional<SimUser> user = caller.org().users().stream().filter(u -> u.id().equals(ids[2])).findFirst();
        if (user.isEmpty()) {
            Http.sendJson(exchange, 404, List.of(Map.of("errorCode", "Bad_Id", "message", "Bad_Id")));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", TokenResponses.identityUrl(user.get()));
        body.put("user_id", user.get().id());
        body.put("organization_id", user.get().org().id());
        body.put("username", user.get().username());
        body.put("active", user.get().isActive());
        Http.sendJson(exchange, 200, body);
    }
}
