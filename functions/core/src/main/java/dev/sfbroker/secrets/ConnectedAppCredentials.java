package dev.sfbroker.secrets;

import dev.sfbroker.token.Secret;
import java.util.Optional;

/**
 * A connected app's credentials as held in its secret. The secret is JSON:
 * {@code {"consumer_key": "...", "private_key": "<PKCS#8 PEM>", "consumer_secret": "..."}};
 * {@code private_key} (PKCS#8 PEM) is needed for the JWT bearer flow, {@code consumer_secret} for refresh, and the
 * optional {@code connected_app} (the app's API name) lets the policy audit read the app's settings.
 */
public record ConnectedAppCredentials(String consumerKey, Secret privateKeyPem, Secret consumerSecret, String connectedAppName) {

    public Optional<Secret> privateKey() {
        return Optional.ofNullable(privateKeyPem);
    }
}
