package dev.sfbroker.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The {@code client_id} / {@code client_secret} checks of the secret-bearing grants. */
final class ClientCredentials {

    private final SimModel model;
    private final SimSettings settings;

    ClientCredentials(SimModel model, SimSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** The app whose consumer key {@code clientId} is; {@code invalid_client_id} otherwise. */
    SimConnectedApp app(String clientId) throws OAuthException {
        return model.app(clientId).orElseThrow(() -> new OAuthException(OAuthErrors.INVALID_CLIENT_ID));
    }

    /**
     * A secret that is sent must be the app's, required or not; a missing one fails
     * only when {@code required}. Failure: {@link SimSettings#invalidClientError()}.
     */
    void checkSecret(SimConnectedApp app, String secret, boolean required) throws OAuthException {
        if (secret == null ? required : !matches(app, secret)) {
            throw new OAuthException(settings.invalidClientError());
        }
    }

    static boolean matches(SimConnectedApp app, String secret) {
        return MessageDigest.isEqual(app.consumerSecret().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }
}
