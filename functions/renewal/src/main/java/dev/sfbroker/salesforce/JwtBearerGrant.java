package dev.sfbroker.salesforce;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.IssuedToken;
import dev.sfbroker.token.TokenGrant;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Salesforce's OAuth 2.0 JWT bearer flow: the broker signs an assertion with the connected app's key and
 * posts only {@code grant_type} and {@code assertion}; no client id or secret, the app is named by the
 * assertion's issuer. Salesforce never returns a refresh token here.
 */
public final class JwtBearerGrant implements TokenGrant {
    private final AppCredentials credentials;
    private final OAuthClient oauth;
    private final Clock clock;
    /** The last key parsed per secret, with the PEM it came from: a scheduled run signs thousands of assertions with it. */
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

    private record SigningKey(String pem, PrivateKey key) {
    }

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
            PrivateKey key = signingKey(connection.credentialsRef(), app.privateKey().orElseThrow(() ->
                    new IllegalArgumentException("secret '" + connection.credentialsRef() + "' has no private_key")).reveal());
            return JwtAssertion.sign(app.consumerKey(), connection.username(), connection.loginHost().audience(), key,
                    clock.instant());
        } catch (IllegalArgumentException e) {
            throw new GrantFailedException(credentials.misconfigured(e.getMessage(),
                    "Put the connected app's JWT signing key in the secret as an RSA PKCS#8 PEM (private_key)."));
        }
    }

    /** The key in {@code pem}, parsed once while the secret holds the same PEM (a rotated key is parsed anew). */
    private PrivateKey signingKey(String credentialsRef, String pem) {
        SigningKey parsed = keys.get(credentialsRef);
        if (parsed == null || !parsed.pem().equals(pem)) {
            parsed = new SigningKey(pem, PrivateKeys.fromPem(pem));
            keys.put(credentialsRef, parsed);
        }
        return parsed.key();
    }
}
