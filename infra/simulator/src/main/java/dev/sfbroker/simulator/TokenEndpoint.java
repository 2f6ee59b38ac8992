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
 * request to the {@link GrantHandler} for it. Errors are HTTP 400 JSON objects.
 * A request presenting a refresh token or authorization code holds a lock until it is answered; one
 * that finds its lock held by a request in processing is refused with
 * {@link SimSettings#tokenRequestInProcessingError()} and never reaches its grant.
 */
final class TokenEndpoint implements ProcessingHandler {

    static final String PATH = "/services/oauth2/token";

    private final Map<String, GrantHandler> grants;
    private final SimCounters counters;
    private final SimSettings settings;
    private final TokenRequestLocks locks = new TokenRequestLocks();

    TokenEndpoint(List<GrantHandler> grants, SimCounters counters, SimSettings settings) {
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType, Function.identity()));
        this.counters = counters;
        this.settings = settings;
    }

    @Override
    public void handle(HttpExchange exchange, Delay latency) throws IOException {
        Map<String, String> form = "POST".equals(exchange.getRequestMethod()) ? Http.readForm(exchange) : Map.of();
        String grantType = form.get("grant_type");
        GrantHandler handler = grantType == null ? null : grants.get(grantType);
        TokenRequest request = new TokenRequest(form, exchange.getRemoteAddress());
        int status = 200;
        Map<String, Object> answer;
        // the lock is released once processing is done and before the answer is written: a client that has its
        // answer and sends its next request at once must find the lock free
        try (TokenRequestLocks.Hold hold = locks.take(lockKey(handler, request))) {
            // counted once its lock is held, so a call seen in the counters is already in processing
            counters.countGrantType(grantType);
            // a slow call is slow in processing: a concurrent one with the same lock is refused meanwhile
            latency.elapse();
            if (hold.refused()) {
                throw new OAuthException(settings.tokenRequestInProcessingError());
            }
            if (handler == null) {
                throw new OAuthException(OAuthErrors.UNSUPPORTED_GRANT_TYPE);
            }
            answer = handler.exchange(request);
        } catch (OAuthException e) {
            status = e.error().status();
            answer = errorBody(e.error());
        }
        Http.sendJsonNoStore(exchange, status, answer);
    }

    /** The lock the request holds while in processing: its token's, or its app's; none if it presents no token. */
    private String lockKey(GrantHandler handler, TokenRequest request) {
        if (handler == null) {
            return null;
        }
        return handler.lockedToken(request).map(token -> switch (settings.tokenRequestLock()) {
            case PER_TOKEN -> "token " + token;
            case PER_CONNECTED_APP -> "client_id " + request.param("client_id");
        }).orElse(null);
    }

    static Map<String, Object> errorBody(OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.description());
        return body;
    }
}
