package dev.sfbroker.wiring;

import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.LocalFileCredentialsSource;
import dev.sfbroker.secrets.SecretsManagerCredentialsSource;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Connected app credentials: from Secrets Manager ({@code broker.secrets.source=secrets-manager}) or, locally, JSON
 * files in a directory ({@code local}). No default, for the same reason as encryption.
 */
@Factory
final class SecretsFactory {

    @Singleton
    @Requires(property = "broker.secrets.source", value = "secrets-manager")
    CredentialsSource secretsManagerCredentials(SecretsManagerClient secretsManager, JsonMapper json) {
        return new SecretsManagerCredentialsSource(secretsManager, json);
    }

    @Singleton
    @Requires(property = "broker.secrets.source", value = "local")
    CredentialsSource localCredentials(@Value("${broker.secrets.local-dir}") Path directory, JsonMapper json) {
        LocalOnly.refuseInLambda("broker.secrets.source=local");
        return new LocalFileCredentialsSource(directory, json);
    }
}
