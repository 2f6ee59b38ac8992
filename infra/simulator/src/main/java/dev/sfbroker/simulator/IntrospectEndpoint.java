package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /services/oauth2/introspect}. The client authenticates with
 * {@code Authorization: Basic base64(client_id:client_secret)} or with {@code client_id} and
 * {@code client_secret} in the form; bad credentials get {@link SimSettings#introspectInvalidClientError()}.
 * A client sees its own app's tokens, or every token if its app has
 * {@link SimConnectedApp#isIntrospectAllTokens()}. A live access token or a current, unexpired refresh
 * token answers {@code active, scope, client_id, username, sub, token_type, exp, iat, nbf} (epoch
 * seconds): {@code client_id} is the token's app's consumer key (or name, per
 * {@link SimSettings#introspectClientIdIsAppName()}); {@code iat} and {@code nbf} are the session's start
 * or the approval; {@code exp} is the session's current expiry, or the refresh token's under the app's
 * policy and absent when the policy is {@code infinite}. Anything else: {@code {"active":false}}, HTTP 200.
 * {@code token_type_hint} is not needed: both kinds are looked up.
 */
final class IntrospectEndpoint {

    static final String PATH = "/services/oauth2/introspect";

    private final SimModel model;
    private final SessionStore sessions;
    private final GrantStore grants;
    private final SimSettings settings;
    private final SimCounters counters;

    IntrospectEndpoint(SimModel model, SessionStore sessions, GrantStore grants, SimSettings settings, SimCounters counters) {
        this.model = model;
        this.sessions = sessions;
        this.grants = grants;
        this.settings = settings;
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = "POST".equals(exchange.getRequestMethod()) ? Http.readForm(exchange) : Map.of();
        Optional<SimConnectedApp> client = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), form);
        if (client.isEmpty()) {
            OAuthError error = settings.introspectInvalidClientError();
            Http.sendJsonNoStore(exchange, error.status(), TokenEndpoint.errorBody(error));
            return;
        }
        Http.sendJsonNoStore(exchange, 200, introspect(client.get(), form.get("token")));
    }

    /** The app of the Basic credentials, else of the form's {@code client_id} and {@code client_secret}, if the secret is right. */
    private Optional<SimConnectedApp> authenticate(String authorization, Map<String, String> form) {
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            // RFC 6749: each part is form-encoded before it is joined.
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        String presented = secret;
        return presented == null ? Optional.empty()
                : model.app(clientId).filter(app -> ClientCredentials.matches(app, presented));
    }

    private Map<String, Object> introspect(SimConnectedApp client, String token) {
        Instant now = model.clock().instant();
        Optional<SimSession> session = sessions.find(token).filter(s -> s.isActiveAt(now));
        if (session.isPresent()) {
            SimSession s = session.get();
            counters.countUser(s.user().username(), SimEndpoint.INTROSPECT);
            return visible(client, s.app())
                    ? active(s.app(), s.user(), s.scopes(), "access_token", s.issuedAt(), Optional.of(s.expiresAt()))
                    : inactive();
        }
        Optional<SimGrant> grant = grants.byRefreshToken(token).filter(g -> g.isCurrentRefreshToken(token));
        if (grant.isPresent()) {
            SimGrant g = grant.get();
            counters.countUser(g.user().username(), SimEndpoint.INTROSPECT);
            return visible(client, g.app()) && g.refreshTokenUsableAt(now)
                    ? active(g.app(), g.user(), g.scopes(), "refresh_token", g.createdDate(), g.refreshTokenExpiresAt())
                    : inactive();
        }
        return inactive();
    }

    private static boolean visible(SimConnectedApp client, SimConnectedApp owner) {
        return client == owner || client.isIntrospectAllTokens();
    }

    /** The token's own app gives {@code client_id}, whoever asks. */
    private Map<String, Object> active(SimConnectedApp owner, SimUser user, List<String> scopes, String tokenType,
                                       Instant issuedAt, Optional<Instant> expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", String.join(" ", scopes));
        body.put("client_id", settings.introspectClientIdIsAppName() ? owner.name() : owner.consumerKey());
        body.put("username", user.username());
        body.put("sub", TokenResponses.identityUrl(user));
        body.put("token_type", tokenType);
        expiresAt.ifPresent(exp -> body.put("exp", exp.getEpochSecond()));
        body.put("iat", issuedAt.getEpochSecond());
        body.put("nbf", issuedAt.getEpochSecond());
        return body;
    }

    private static Map<String, Object> inactive() {
        return Map.of("active", false);
    }
}
