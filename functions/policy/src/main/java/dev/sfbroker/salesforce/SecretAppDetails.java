package dev.sfbroker.salesforce;

import dev.sfbroker.policy.ConnectedAppSecrets;
import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.CredentialsUnavailableException;
import java.security.PrivateKey;
import java.util.Optional;

/** The connected app details the policy audit reads from a connected app secret. */
public final class SecretAppDetails implements ConnectedAppSecrets {
    private final CredentialsSource credentials;

    public SecretAppDetails(CredentialsSource credentials) {
        this.credentials = credentials;
    }

    @Override
    public Optional<String> appName(String credentialsRef) {
        return load(credentialsRef).map(ConnectedAppCredentials::connectedAppName);
    }

    @Override
    public Optional<PrivateKey> signingKey(String credentialsRef) {
        try {
            return load(credentialsRef).flatMap(ConnectedAppCredentials::privateKey).map(key -> PrivateKeys.fromPem(key.reveal()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<ConnectedAppCredentials> load(String credentialsRef) {
        try {
            return Optional.of(credentials.load(credentialsRef));
        } catch (CredentialsUnavailableException e) {
            return Optional.empty();
        }
    }
}
