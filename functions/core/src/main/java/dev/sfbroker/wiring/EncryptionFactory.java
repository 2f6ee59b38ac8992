package dev.sfbroker.wiring;

import dev.sfbroker.encryption.KmsTokenCipher;
import dev.sfbroker.encryption.LocalTokenCipher;
import dev.sfbroker.encryption.TokenCipher;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Tokens are sealed before they reach DynamoDB: under KMS ({@code broker.encryption.mode=kms}) or, locally, a key
 * from configuration ({@code local}). There is no default: a function deployed without a mode fails at start-up
 * instead of running with a local key.
 */
@Factory
final class EncryptionFactory {

    /**
     * micronaut-aws-sdk-v2 builds clients for DynamoDB and Secrets Manager but not for KMS; this one is built the
     * same way, from its HTTP client (URLConnection), credentials and region, honouring
     * {@code aws.services.kms.endpoint-override} like the others.
     */
    @Singleton
    @Requires(property = "broker.encryption.mode", value = "kms")
    KmsClient kmsClient(SdkHttpClient httpClient, AwsCredentialsProvider credentials, AwsRegionProvider region,
                        @Nullable @Value("${aws.services.kms.endpoint-override}") String endpointOverride) {
        var builder = KmsClient.builder().httpClient(httpClient).credentialsProvider(credentials).region(region.getRegion());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return builder.build();
    }

    @Singleton
    @Requires(property = "broker.encryption.mode", value = "kms")
    TokenCipher kmsTokenCipher(KmsClient kms, @Value("${broker.encryption.kms-key-id}") String keyId) {
        return new KmsTokenCipher(kms, keyId);
    }

    @Singleton
    @Requires(property = "broker.encryption.mode", value = "local")
    TokenCipher localTokenCipher(@Value("${broker.encryption.local-key}") String base64Key) {
        LocalOnly.refuseInLambda("broker.encryption.mode=local");
        return new LocalTokenCipher(base64Key);
    }
}
