package dev.sfbroker.salesforce;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.CredentialsUnavailableException;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.Secret;
import java.time.Clock;

/** Loads a connection's connected app credentials, turning an unusable secret into a classified failure. */
final class AppCredentials {
    private final CredentialsSource source;
    private final Clock clock;

    AppCredentials(CredentialsSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    ConnectedAppCredentials of(Connection connection) throws GrantFailedException {
        try {
            return source.load(connection.credentialsRef());
        } catch (CredentialsUnavailableException e) {
            throw new GrantFailedException(e.retryable()
                    ? ErrorCatalog.unreachable(e.getMessage(), clock.instant())
                    : misconfigured(e.getMessage(), "Store the connected app's credentials in the secret as JSON with"
                    + " consumer_key, private_key (JWT bearer) and consumer_secret (refresh token); see infra/connected-app/README.md."));
        }
    }

    /** The consumer secret, required by the flows that authenticate the client (code exchange, refresh, introspection). */
    Secret consumerSecret(Connection connection, ConnectedAppCredentials app) throws GrantFailedException {
        if (app.consumerSecret() == null) {
            throw new GrantFailedException(misconfigured("secret '" + connection.credentialsRef() + "' has no consumer_secret",
                    "Add the connected app's consumer secret (App Manager > View > Manage Consumer Details) to the secret."));
        }
        return app.consumerSecret();
    }

    Failure misconfigured(String cause, String fix) {
        return new Failure(FailureClass.MISCONFIGURED, null, null, cause, fix, clock.instant());
    }
}
