package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /services/oauth2/authorize} for {@code response_type=code}, with PKCE.
 * There is no browser: the app's {@link SimConnectedApp#authorizeAs(SimUser) authorizing user} logs in
 * and approves at once, and the answer is a 302 to the {@code redirect_uri} with {@code code} and
 * {@code state}. An unknown client or a missing or unregistered {@code redirect_uri} cannot be redirected
 * to: it renders {@code error=...&error_description=...} as text (HTTP 400). Every other error goes to
 * the {@code redirect_uri} as {@code error}, {@code error_description} and {@code state}.
 * Only the query string is read.
 */
final class AuthorizeEndpoint {

    static final String PATH = "/services/oauth2/authorize";

    private static final Set<String> REFRESH_SCOPES = Set.of("refresh_token", "offline_access");

    private final SimModel model;
    private final AuthorizationCodes codes;
    private final SimSettings settings;
    private final SimCounters counters;

    AuthorizeEndpoint(SimModel model, AuthorizationCodes codes, SimSettings settings, SimCounters counters) {
        this.model = model;
        this.codes = codes;
        this.settings = settings;
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = FormEncoding.parse(exchange.getRequestURI().getRawQuery());
        SimConnectedApp app = model.app(query.get("client_id")).orElse(null);
        String redirectUri = query.get("redirect_uri");
        if (app == null) {
            render(exchange, OAuthErrors.INVALID_CLIENT_ID);
        } else if (redirectUri == null || redirectUri.isEmpty()) {
            render(exchange, OAuthErrors.REDIRECT_URI_MISSING);
        } else if (!app.callbackUrl().map(redirectUri::equals).orElse(false)) {
            render(exchange, OAuthErrors.REDIRECT_URI_MISMATCH);
        } else {
            Map<String, String> params = new LinkedHashMap<>();
            try {
                params.put("code", approve(app, redirectUri, query));
            } catch (OAuthException e) {
                params.put("error", e.error().error());
                params.put("error_description", e.error().description());
            }
            if (query.get("state") != null) {
                params.put("state", query.get("state"));
            }
            TextResponses.redirect(exchange, redirectUri + (redirectUri.contains("?") ? "&" : "?") + FormEncoding.encode(params));
        }
    }

    /** The checks after the redirect URI is known, then a new code. */
    private String approve(SimConnectedApp app, String redirectUri, Map<String, String> query) throws OAuthException {
        if (!"code".equals(query.get("response_type"))) {
            throw new OAuthException(OAuthErrors.UNSUPPORTED_RESPONSE_TYPE);
        }
        String challenge = query.get("code_challenge");
        // Salesforce documents code_challenge as the SHA-256 hash: S256 unless told otherwise.
        String method = query.getOrDefault("code_challenge_method", Pkce.S256);
        if (challenge == null && app.isPkceRequired()) {
            throw new OAuthException(OAuthErrors.CODE_CHALLENGE_REQUIRED);
        }
        if (challenge != null && !Pkce.supportsMethod(method)) {
            throw new OAuthException(OAuthErrors.INVALID_CODE_CHALLENGE_METHOD);
        }
        List<String> scopes = grantedScopes(app, query.get("scope"));
        SimUser user = app.authorizingUser().orElseThrow(() -> new OAuthException(OAuthErrors.ACCESS_DENIED));
        counters.countUser(user.username(), SimEndpoint.AUTHORIZE);
        checkLogin(app, user);
        return codes.issue(new AuthorizationCodes.Pending(user, app, redirectUri, scopes, challenge,
                challenge == null ? null : method, model.clock().instant()));
    }

    /** Org active → app available in the user's org → user active → allowed by the Permitted Users policy. */
    private void checkLogin(SimConnectedApp app, SimUser user) throws OAuthException {
        if (!user.org().isActive()) {
            throw new OAuthException(settings.inactiveOrgError());
        }
        if (!app.isInstalledIn(user.org())) {
            throw new OAuthException(app.isExternalClientApp() ? settings.ecaNotInstalledError() : OAuthErrors.OAUTH_APP_ACCESS_DENIED);
        }
        if (!user.isActive()) {
            throw new OAuthException(settings.inactiveUserError());
        }
        if (app.permittedUsers() == PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED && !app.isPreAuthorized(user)) {
            throw new OAuthException(OAuthErrors.OAUTH_APP_ACCESS_DENIED);
        }
    }

    /**
     * The requested scopes (space separated), each of which the app must have ({@code refresh_token}
     * and {@code offline_access} are the same scope); no {@code scope}: all of the app's.
     */
    private static List<String> grantedScopes(SimConnectedApp app, String requested) throws OAuthException {
        if (requested == null || requested.isBlank()) {
            return app.scopes();
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
        for (String scope : scopes) {
            boolean allowed = app.scopes().contains(scope)
                    || (REFRESH_SCOPES.contains(scope) && app.scopes().stream().anyMatch(REFRESH_SCOPES::contains));
            if (!allowed) {
                throw new OAuthException(OAuthErrors.INVALID_SCOPE);
            }
        }
        return List.copyOf(scopes);
    }

    /** Whether the scopes ask for a refresh token. */
    static boolean includesRefreshToken(List<String> scopes) {
        return scopes.stream().anyMatch(REFRESH_SCOPES::contains);
    }

    private static void render(HttpExchange exchange, OAuthError error) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.description());
        TextResponses.send(exchange, 400, TextResponses.TEXT_UTF8, FormEncoding.encode(body));
    }
}
