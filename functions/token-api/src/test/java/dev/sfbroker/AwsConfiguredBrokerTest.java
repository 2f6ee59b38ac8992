package dev.sfbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.access.Caller;
import dev.sfbroker.encryption.KmsTokenCipher;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.CredentialsUnavailableException;
import dev.sfbroker.store.ConnectionsTable;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.AwsEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenUnavailableException;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The token function configured as it runs in Lambda, its whole token path on one AWS emulator (moto via
 * {@code AWS_ENDPOINT_URL}, or LocalStack): connections in DynamoDB, tokens sealed under KMS, connected app
 * credentials in Secrets Manager, IAM identity through the API Gateway handler; Salesforce is the simulator.
 */
@MicronautTest
@ExtendWith(AwsEndpoint.class)
class AwsConfiguredBrokerTest extends FunctionContextTest {
    private String keyId;
    private String secretName;

    AwsConfiguredBrokerTest() {
        super("iam");
        env.configure(this::useAws);
    }

    /** The tables, a new key and the app's secret on the AWS endpoint, and the broker pointed at them. */
    private void useAws(Map<String, Object> properties) {
        String endpoint = AwsEndpoint.require().toString();
        try (DynamoDbClient dynamo = AwsEndpoint.dynamoDb()) {
            ConnectionsTable.create(dynamo, env.table());
            ConnectionsTable.createAuditTable(dynamo, env.auditTable());
        }
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
        properties.put("aws.services.dynamodb.endpoint-override", endpoint);
        properties.put("aws.services.kms.endpoint-override", endpoint);
        properties.put("aws.services.secretsmanager.endpoint-override", endpoint);
        properties.put("broker.encryption.mode", "kms");
        properties.put("broker.encryption.kms-key-id", keyId);
        properties.put("broker.secrets.source", "secrets-manager");
        properties.remove("broker.encryption.local-key");
        properties.remove("broker.secrets.local-dir");
    }

    @BeforeAll
    void registerDemo() {
        env.register("demo", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(), secretName);
    }

    @Test
    void lambdaHandlerMintsWithSecretsManagerCredentialsAndStoresTheTokenUnderKms() throws Exception {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPEventFunction(context)
                .handleRequest(ApiGatewayEvents.recordedTokenRequest(context), new MockLambdaContext());

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        String accessToken = (String) context.getBean(JsonMapper.class).readValue(response.getBody(), Map.class).get("access_token");
        Map<String, AttributeValue> item;
        try (DynamoDbClient dynamo = AwsEndpoint.dynamoDb()) {
            item = dynamo.getItem(r -> r.tableName(env.table()).key(Map.of("id", AttributeValue.fromS("demo")))).item();
        }
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
        var credentials = context.getBean(CredentialsSource.class).load(secretName);

        assertThat(credentials.consumerKey()).isEqualTo(env.app().consumerKey());
        assertThat(credentials.privateKey()).hasValueSatisfying(key -> assertThat(key.reveal()).isEqualTo(env.keys().privateKeyPem()));
    }

    @Test
    void missingSecretMakesTheConnectionMisconfiguredWithoutCallingSalesforce() throws CredentialsUnavailableException {
        env.register("no-secret", LoginHost.of(env.salesforce().baseUrl(), null), env.user().username(),
                "token-broker/connected-apps/does-not-exist");
        long before = env.salesforce().counters().jwtBearerCalls();

        assertThatThrownBy(() -> context.getBean(TokenService.class).tokenFor("no-secret", new Caller(BrokerEnvironment.INTEGRATION_ROLE)))
                .isInstanceOfSatisfying(TokenUnavailableException.class,
                        e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.MISCONFIGURED));
        assertThat(context.getBean(ConnectionStore.class).find("no-secret").orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(env.salesforce().counters().jwtBearerCalls()).isEqualTo(before);
    }
}
