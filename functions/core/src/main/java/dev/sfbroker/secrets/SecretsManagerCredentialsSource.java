package dev.sfbroker.secrets;

import com.amazonaws.secretsmanager.caching.SecretCache;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Connected app credentials from AWS Secrets Manager, cached in the container (the cache refreshes each
 * secret hourly, so a rotated key reaches warm containers without a redeploy).
 */
public final class SecretsManagerCredentialsSource implements CredentialsSource {
    private final SecretCache cache;
    private final JsonMapper json;

    public SecretsManagerCredentialsSource(SecretsManagerClient client, JsonMapper json) {
        this.cache = new SecretCache(client);
        this.json = json;
    }

    @Override
    public ConnectedAppCredentials load(String credentialsRef) throws CredentialsUnavailableException {
        String secretJson;
        try {
            secretJson = cache.getSecretString(credentialsRef);
        } catch (ResourceNotFoundException e) {
            throw new CredentialsUnavailableException("secret '" + credentialsRef + "' does not exist in Secrets Manager", false);
        } catch (SdkException e) {
            throw new CredentialsUnavailableException("Secrets Manager could not be read for secret '" + credentialsRef + "': "
                    + e.getClass().getSimpleName(), true);
        }
        if (secretJson == null) {
            throw new CredentialsUnavailableException("secret '" + credentialsRef + "' has no string value", false);
        }
        return CredentialsJson.parse(json, credentialsRef, secretJson);
    }
}
