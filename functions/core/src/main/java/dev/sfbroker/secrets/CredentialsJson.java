package dev.sfbroker.secrets;

import dev.sfbroker.token.Secret;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/** Reads the JSON shape of a connected app secret (see {@link ConnectedAppCredentials}). */
final class CredentialsJson {
    private CredentialsJson() {
    }

    static ConnectedAppCredentials parse(JsonMapper json, String credentialsRef, String secretJson)
            throws CredentialsUnavailableException {
        Map<?, ?> fields;
        try {
            fields = json.readValue(secretJson, Map.class);
        } catch (IOException | RuntimeException e) {
            // never include the secret's text: it holds the private key
            throw new CredentialsUnavailableException("secret '" + credentialsRef + "' is not a JSON object", false);
        }
        String consumerKey = text(fields, "consumer_key");
        if (consumerKey == null) {
            throw new CredentialsUnavailableException("secret '" + credentialsRef + "' has no consumer_key", false);
        }
        String privateKey = text(fields, "private_key");
        String consumerSecret = text(fields, "consumer_secret");
        return new ConnectedAppCredentials(consumerKey,
                privateKey == null ? null : Secret.of(privateKey),
                consumerSecret == null ? null : Secret.of(consumerSecret),
                text(fields, "connected_app"));
    }

    private static String text(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
