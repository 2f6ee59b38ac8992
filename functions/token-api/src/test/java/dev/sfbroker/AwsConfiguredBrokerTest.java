package dev.sfbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.encryption.KmsTokenCipher;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.CredentialsUnavailableException;
import dev.sfbroker.testing.AwsEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenUnavailableException;
import dev.sfbroker.access.Caller;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The broker configured as it runs in Lambda: KMS encryption, connected app credentials in Secrets Manager,
 * IAM identity through the API Gateway handler; against a real KMS and Secrets Manager API (moto via
 * {@code AWS_ENDPOINT_URL}, or LocalStack), DynamoDB Local and the simulator.
 */
@ExtendWith(AwsEndpoint.class)
class AwsConfiguredBrokerTest {
    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam").configure(AwsConfiguredBrokerTest::useAws);
    private static String keyId;
    private static String secretName;

    /** KMS encryption and Secrets Manager credentials on the AWS endpoint, with a new key and the app's secret. */
    private static void useAws(Map<String, Object> properties) {
        String endpoint = AwsEndpoint.require().toString();
        try (KmsClient kms = AwsEndpoint.kms()) {
            keyId = kms.createKey(r -> r.description("token broker test key")).keyMetadata().arn();
        }
        secretName = "token-broker/connected-apps/test-" + UUID.randomUUID();
        String secretJson = "{\"consumer_key\":\"" + env.app().consumerKey() + "\",\"private_key\":\""
                + env.keys().privateKeyPem().replace("\n", "\\n") + "\"}";
        try (var secrets = AwsEndpoint.secretsManager()) {
            secrets.createSecret(r -> r.name(secretName).secretString(secretJson));
        }
        properties.put("aws.access-key-id", "test");
        properties.put("aws.secret-key", "test");
        properties.put("aws.services.kms.endpoint-override", endpoint);
        properties.put("aws.services.secretsmanager.endpoint-override", endpoint);
        properties.put("broker.encryption.mode", "kms");
        properties.put("broker.encryption.kms-key-id", keyId);
        properties.put("broker.secrets.source", "secrets-manager");
        properties.remove("broker.encryption.local-key");
        properties.remove("broker.secrets.local-dir");
    }

    @BeforeAll
    static void registerDemo() {
        env.register("demo", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(), secretName);
    }

    @Test
    void lambdaHandlerMintsWithSecretsManagerCredentialsAndStoresTheTokenUnderKms() throws Exception {
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(env.context());
        APIGatewayV2HTTPResponse response;
        try (InputStream in = getClass().getResourceAsStream("/events/token-request.json")) {
            var event = env.context().getBean(JsonMapper.class).readValue(in.readAllBytes(),
                    com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class);
            response = handler.handleRequest(event, new MockLambdaContext());
        }

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        String accessToken = (String) env.context().getBean(JsonMapper.class).readValue(response.getBody(), Map.class).get("access_token");
        Map<String, AttributeValue> item = DynamoDbLocal.client()
                .getItem(r -> r.tableName(env.table()).key(Map.of("id", AttributeValue.fromS("demo")))).item();
        byte[] sealed = item.get("token").b().asByteArray();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(accessToken);
        try (KmsClient kms = AwsEndpoint.kms()) {
            String plaintext = kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(sealed))
                    .encryptionContext(Map.of("connection", "demo"))).plaintext().asUtf8String();
            assertThat(plaintext).contains(accessToken);
        }
    }

    @Test
    void kmsCipherRoundTripsAndASealedTokenOpensOnlyForItsConnection() {
        KmsTokenCipher cipher = new KmsTokenCipher(AwsEndpoint.kms(), keyId);
        byte[] plaintext = "{\"access_token\":\"00Dxx0000001gPL!secret\"}".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = cipher.seal(plaintext, "conn-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("00Dxx0000001gPL!secret");
        assertThat(cipher.open(sealed, "conn-1")).isEqualTo(plaintext);
        assertThatThrownBy(() -> cipher.open(sealed, "conn-2")).isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void secretsManagerSourceReadsTheConnectedAppSecret() throws Exception {
        var credentials = env.context().getBean(CredentialsSource.class).load(secretName);

        assertThat(credentials.consumerKey()).isEqualTo(env.app().consumerKey());
        assertThat(credentials.privateKey()).hasValueSatisfying(key -> assertThat(key.reveal()).contains("BEGIN PRIVATE KEY"));
    }

    @Test
    void missingSecretMakesTheConnectionMisconfiguredWithoutCallingSalesforce() throws CredentialsUnavailableException {
        env.register("no-secret", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(),
                "token-broker/connected-apps/does-not-exist");
        long before = env.salesforce().counters().jwtBearerCalls();

        assertThatThrownBy(() -> env.context().getBean(TokenService.class).tokenFor("no-secret", new Caller(BrokerEnvironment.INTEGRATION_ROLE)))
                .isInstanceOfSatisfying(TokenUnavailableException.class,
                        e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.MISCONFIGURED));
        assertThat(env.context().getBean(ConnectionStore.class).find("no-secret").orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(env.salesforce().counters().jwtBearerCalls()).isEqualTo(before);
    }
}
