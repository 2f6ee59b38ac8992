package dev.sfbroker.policy;

import java.security.PrivateKey;
import java.util.Optional;

/** What the audit needs from a connected app secret: the app's API name and the JWT signing key. */
public interface ConnectedAppSecrets {

    /** The connected app's API name ({@code connected_app} in the secret), which the Metadata API reads it by. */
    Optional<String> appName(String credentialsRef);

    Optional<PrivateKey> signingKey(String credentialsRef);
}
