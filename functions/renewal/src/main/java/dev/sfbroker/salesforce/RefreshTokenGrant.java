package dev.sfbroker.salesforce;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.TokenGrant;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Salesforce's refresh token flow: the stored refresh token with the connected app's client id and secret
 *. With rotation on, the answer carries a new refresh token and the old one is dead
 * at once; the lifecycle stores the new one in the same write as the access token.
 *
 * <p>After a refresh whose answer was lost, introspecting the stored refresh token tells whether that refresh
 * rotated it: a client may introspect its own tokens.
 */
public final class RefreshTokenGrant implements TokenGrant {
    private final AppCredentials credentials;
    private final OAuthClient oauth;
    private final Clock clock;

    public RefreshTokenGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        this.credentials = new AppCredentials(credentials, clock);
        this.oauth = oauth;
        this.clock = clock;
    }

    @Override
    public Flow flow() {
        return Flow.REFRESH_TOKEN;
    }

    @Override
    public IssuedToken obtain(Connection connection) throws GrantFailedException {
        if (connection.grant() == null) {
            throw new GrantFailedException(new Failure(FailureClass.TERMINAL, null, null,
                    "The connection has not been authorised yet: there is no refresh token.",
                    "Start the authorisation (POST /ops/connections/" + connection.id() + "/authorization) and open the"
                            + " returned URL as the integration user.", clock.instant()));
        }
        ConnectedAppCredentials app = credentials.of(connection);
        Map<String, String> form = new HashMap<>();
        form.put("refresh_token", connection.grant().refreshToken().reveal());
        form.put("client_id", app.consumerKey());
        if (app.consumerSecret() != null) {
            form.put("client_secret", app.consumerSecret().reveal());
        }
        return oauth.requestToken(connection.loginHost().tokenEndpoint(), GrantType.REFRESH_TOKEN, form);
    }

    @Override
    public Reconciliation reconcile(Connection connection) {
        if (connection.grant() == null) {
            return Reconciliation.SAFE;
        }
        try {
            ConnectedAppCredentials app = credentials.of(connection);
            return oauth.introspect(connection.loginHost().introspectEndpoint(), Map.of(
                            "token", connection.grant().refreshToken().reveal(),
                            "token_type_hint", "refresh_token",
                            "client_id", app.consumerKey(),
                            "client_secret", credentials.consumerSecret(connection, app).reveal()))
                    .map(active -> active ? Reconciliation.SAFE : Reconciliation.GRANT_LOST)
                    .orElse(Reconciliation.UNKNOWN);
        } catch (GrantFailedException e) {
            return Reconciliation.UNKNOWN;
        }
    }
}
