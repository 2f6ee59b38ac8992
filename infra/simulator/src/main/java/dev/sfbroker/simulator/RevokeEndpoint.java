package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /services/oauth2/revoke}: {@code POST} with a form {@code token=}, or
 * {@code GET ?token=}; no client authentication. A live access token ends that session only; a
 * current refresh token or an {@code OauthToken.DeleteToken} revokes the whole grant with all its
 * access tokens. Success: 200, empty body. Anything else (unknown, expired, already revoked or
 * rotated-out tokens, no token): 400 with the form-encoded body
 * {@code error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported}.
 * With a {@code callback} (JSONP) the answer is 200 {@code callback({})} or
 * {@code callback({"error":"invalid_token"})}; a callback that is not a JavaScript name is ignored.
 */
final class RevokeEndpoint {

    static final String PATH = "/services/oauth2/revoke";

    private static final Pattern JS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    private final SessionStore sessions;
    private final GrantStore grants;
    private final SimCounters counters;
    private final SimClock clock;

    RevokeEndpoint(SessionStore sessions, GrantStore grants, SimCounters counters, SimClock clock) {
        this.sessions = sessions;
        this.grants = grants;
        this.counters = counters;
        this.clock = clock;
    }

    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> params = new HashMap<>(FormEncoding.parse(exchange.getRequestURI().getRawQuery()));
        if ("POST".equals(exchange.getRequestMethod())) {
            params.putAll(Http.readForm(exchange));
        }
        boolean revoked = revoke(params.get("token"));
        String callback = params.get("callback");
        if (callback != null && JS_NAME.matcher(callback).matches()) {
            TextResponses.send(exchange, 200, TextResponses.JAVASCRIPT_UTF8,
                    callback + (revoked ? "({})" : "({\"error\":\"invalid_token\"})"));
        } else if (revoked) {
            Http.sendEmpty(exchange, 200);
        } else {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", OAuthErrors.UNSUPPORTED_TOKEN_TYPE.error());
            body.put("error_description", OAuthErrors.UNSUPPORTED_TOKEN_TYPE.description());
            TextResponses.send(exchange, 400, TextResponses.FORM_UTF8, FormEncoding.encode(body));
        }
    }

    /** Revokes what the token stands for; false if it stands for nothing live. */
    private boolean revoke(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        SimSession session = sessions.find(token).filter(s -> s.isActiveAt(clock.instant())).orElse(null);
        if (session != null) {
            counters.countUser(session.user().username(), SimEndpoint.REVOKE);
            session.revoke();
            return true;
        }
        SimGrant grant = grants.byRefreshToken(token).filter(g -> g.isCurrentRefreshToken(token))
                .or(() -> grants.byDeleteToken(token))
                .orElse(null);
        if (grant == null) {
            return false;
        }
        counters.countUser(grant.user().username(), SimEndpoint.REVOKE);
        grant.revoke();
        return true;
    }
}
