package dev.sfbroker.salesforce;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.TokenGrant;
import java.time.Clock;
import java.util.Map;

/**
 * Salesforce's OAuth 2.0 JWT bearer flow: the broker signs an assertion with the connected app's key and
 * posts only {@code grant_type} and {@code assertion}; no client id or secret, the app is named by the
 * assertion's issuer. Salesforce never returns a refresh token here.
 */
public final class JwtBearerGrant implements TokenGrant {
    private final AppCredentials credentials;
    private final OAuthClient oauth;
    private final Clock clock;

    public JwtBearerGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        this.credentials = new AppCredentials(credentials, clock);
        this.oauth = oauth;
        this.clock = clock;
    }

    @Override
    public Flow flow() {
        return Flow.JWT_BEARER;
    }

    @Override
    public IssuedToken obtain(Connection connection) throws GrantFailedException {
        String assertion = assertionFor(connection);
        return oauth.requestToken(connection.loginHost().tokenEndpoint(), GrantType.JWT_BEARER, Map.of("assertion", assertion));
    }

    private String assertionFor(Connection connection) throws GrantFailedException {
        ConnectedAppCredentials app = credentials.of(connection);
        try {
            var key = PrivateKeys.fromPem(app.privateKey().orElseThrow(() ->
                    new IllegalArgumentException("secret '" + connection.credentialsRef() + "' has no private_key")).reveal());
            return JwtAssertion.sign(app.consumerKey(), connection.username(), connection.loginHost().audience(), key,
                    clock.instant());
        } catch (IllegalArgumentException e) {
            throw new GrantFailedException(credentials.misconfigured(e.getMessage(),
                    "Put the connected app's JWT signing key in the secret as an RSA PKCS#8 PEM (private_key)."));
        }
    }
}
