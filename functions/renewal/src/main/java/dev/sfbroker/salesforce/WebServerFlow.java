package dev.sfbroker.salesforce;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.token.Approver;
import dev.sfbroker.token.AuthorizationServer;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Salesforce's web-server (authorization code) flow with PKCE, and revocation.
 * The scopes asked for are {@code api refresh_token}: without {@code refresh_token} Salesforce issues no refresh
 * token and the connection could not be renewed.
 */
public final class WebServerFlow implements AuthorizationServer {
    static final String SCOPES = "api refresh_token";

    private final AppCredentials credentials;
    private final OAuthClient oauth;

    public WebServerFlow(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        this.credentials = new AppCredentials(credentials, clock);
        this.oauth = oauth;
    }

    @Override
    public URI authorizeUrl(Connection connection, String state, String codeChallenge, URI callback) throws GrantFailedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", credentials.of(connection).consumerKey());
        query.put("redirect_uri", callback.toString());
        query.put("scope", SCOPES);
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("login_hint", connection.username());
        return URI.create(connection.loginHost().authorizeEndpoint() + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    @Override
    public IssuedToken exchangeCode(Connection connection, String code, Secret codeVerifier, URI callback) throws GrantFailedException {
        ConnectedAppCredentials app = credentials.of(connection);
        return oauth.requestToken(connection.loginHost().tokenEndpoint(), GrantType.AUTHORIZATION_CODE, Map.of(
                "code", code,
                "redirect_uri", callback.toString(),
                "client_id", app.consumerKey(),
                "client_secret", credentials.consumerSecret(connection, app).reveal(),
                "code_verifier", codeVerifier.reveal()));
    }

    @Override
    public Optional<Approver> whoApproved(IssuedToken token) {
        return oauth.identity(token.instanceUrl(), token.identityUrl(), token.accessToken());
    }

    @Override
    public boolean revoke(Connection connection, Secret token) {
        return oauth.revoke(connection.loginHost().revokeEndpoint(), token);
    }

    @Override
    public Optional<Boolean> isActive(Connection connection, Secret token) {
        try {
            ConnectedAppCredentials app = credentials.of(connection);
            if (app.consumerSecret() == null) {
                return Optional.empty();
            }
            return oauth.introspect(connection.loginHost().introspectEndpoint(), Map.of("token", token.reveal(),
                    "client_id", app.consumerKey(), "client_secret", app.consumerSecret().reveal()));
        } catch (GrantFailedException e) {
            return Optional.empty();
        }
    }
}
