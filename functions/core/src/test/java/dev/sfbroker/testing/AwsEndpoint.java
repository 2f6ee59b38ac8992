package dev.sfbroker.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One AWS emulator for DynamoDB, KMS, Secrets Manager, EventBridge and SQS together, so the whole token path runs against it: the one named by
 * {@code AWS_ENDPOINT_URL} (CI points it at a moto server), else LocalStack through Testcontainers when a
 * Docker engine is available. Test classes that need it are annotated
 * {@code @ExtendWith(AwsEndpoint.class)}: without an endpoint they are skipped, unless
 * {@code BROKER_REQUIRE_AWS_ENDPOINT_TESTS=true} (CI), in which case they fail.
 */
public final class AwsEndpoint implements ExecutionCondition {
    private static final String LOCALSTACK_IMAGE = "localstack/localstack:4.9";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final String NO_ENDPOINT =
            "no AWS endpoint: set AWS_ENDPOINT_URL (e.g. a moto server) or run where Docker is available for LocalStack";
    private static URI endpoint;
    private static boolean resolved;

    /** JUnit: runs the annotated class only where an endpoint exists, or where one is required (so it fails loudly). */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (available() || required()) {
            return ConditionEvaluationResult.enabled("AWS endpoint available or required");
        }
        return ConditionEvaluationResult.disabled(NO_ENDPOINT);
    }

    /** The endpoint; fails the calling test when there is none. */
    public static URI require() {
        if (!available()) {
            fail(NO_ENDPOINT);
        }
        return endpoint;
    }

    private static synchronized boolean available() {
        if (!resolved) {
            endpoint = resolve();
            resolved = true;
        }
        return endpoint != null;
    }

    private static boolean required() {
        return Boolean.parseBoolean(System.getenv("BROKER_REQUIRE_AWS_ENDPOINT_TESTS"));
    }

    /** A KMS client on the endpoint, for setting up keys in tests. */
    public static KmsClient kms() {
        return client(KmsClient.builder());
    }

    /** A DynamoDB client on the endpoint, for creating tables and reading items in tests. */
    public static DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.builder());
    }

    /** A Secrets Manager client on the endpoint, for setting up secrets in tests. */
    public static SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.builder());
    }

    /** Any AWS client on the endpoint (its module on the test's class path), such as {@code client(SqsClient.builder())}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(require()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static URI resolve() {
        String configured = System.getenv("AWS_ENDPOINT_URL");
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured);
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                .withServices("dynamodb", "kms", "secretsmanager", "events", "sqs");
        localStack.start();
        Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop));
        return localStack.getEndpoint();
    }
}
