package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbroker.access.Caller;
import dev.sfbroker.testing.AwsEndpoint;
import dev.sfbroker.testing.BrokerEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Connection events on a real EventBridge API (moto via {@code AWS_ENDPOINT_URL}, or LocalStack): the broker publishes
 * to its own bus, a rule routes {@code NeedsReauthorization} as the README's example does (to a queue here, where the
 * test reads it), and what arrives matches the published JSON Schema.
 */
@ExtendWith(AwsEndpoint.class)
class EventBridgeConnectionEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUS = "token-broker-events-" + UUID.randomUUID();
    private static String queueUrl;

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development").configure(properties -> {
        routeNeedsReauthorizationToAQueue();
        properties.put("broker.events.bus-name", BUS);
        properties.put("aws.services.eventbridge.endpoint-override", AwsEndpoint.require().toString());
    });

    private static void routeNeedsReauthorizationToAQueue() {
        try (EventBridgeClient events = AwsEndpoint.client(EventBridgeClient.builder()); SqsClient sqs = AwsEndpoint.client(SqsClient.builder())) {
            events.createEventBus(r -> r.name(BUS));
            queueUrl = sqs.createQueue(r -> r.queueName("needs-reauthorization-" + UUID.randomUUID())).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(r -> r.name("needs-reauthorization").eventBusName(BUS)
                    .eventPattern("{\"source\":[\"token-broker\"],\"detail-type\":[\"NeedsReauthorization\"]}"));
            events.putTargets(r -> r.rule("needs-reauthorization").eventBusName(BUS).targets(t -> t.id("queue").arn(queueArn)));
        }
    }

    @Test
    void aBlockedConnectionReachesTheRuleAsNeedsReauthorizationWithADetailOfTheSchema() throws Exception {
        env.org().addUser("unapproved-bus@acme.example", "Standard User");
        env.register("bus-refused", LoginHost.of(env.salesforce().baseUrl(), null), "unapproved-bus@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);
        env.register("bus-revoked");
        TokenService tokens = env.context().getBean(TokenService.class);
        Caller caller = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

        assertThatThrownBy(() -> tokens.tokenFor("bus-refused", caller)).isInstanceOf(TokenUnavailableException.class);
        tokens.tokenFor("bus-revoked", caller);
        env.context().getBean(ConnectionOperations.class).revoke("bus-revoked", RevocationTarget.GRANT, "ops");

        List<JsonNode> delivered = delivered(1);
        assertThat(delivered).hasSize(1);
        JsonNode event = delivered.getFirst();
        assertThat(event.path("source").asText()).isEqualTo("token-broker");
        assertThat(event.path("detail-type").asText()).isEqualTo("NeedsReauthorization");
        JsonNode detail = event.path("detail");
        assertThat(detail.path("connection_id").asText()).isEqualTo("bus-refused");
        assertThat(detail.path("error").path("salesforce_error").asText()).isEqualTo("invalid_grant");
        assertMatchesTheSchema(detail);
    }

    /** The messages the rule delivered, waiting for at least {@code expected} (and a little longer for any more). */
    private static List<JsonNode> delivered(int expected) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (SqsClient sqs = AwsEndpoint.client(SqsClient.builder())) {
            for (int poll = 0; poll < 5 && (events.size() < expected || poll < 2); poll++) {
                for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                    events.add(JSON.readTree(message.body()));
                }
            }
        }
        return events;
    }

    /**
     * The detail has every field the schema requires and none it does not name, at each level (the schema forbids
     * additional properties), and its enumerations hold.
     */
    private static void assertMatchesTheSchema(JsonNode detail) throws IOException {
        JsonNode schema = JSON.readTree(Files.readString(schemaFile()));
        assertObject(detail, schema, schema);
        assertThat(schema.at("/$defs/state/enum").toString()).contains("\"" + detail.path("new_state").asText() + "\"");
        assertThat(schema.at("/properties/error/properties/class/enum").toString()).contains("\"" + detail.at("/error/class").asText() + "\"");
        assertThat(detail.path("schema_version").asInt()).isEqualTo(schema.at("/properties/schema_version/const").asInt());
    }

    private static void assertObject(JsonNode value, JsonNode schema, JsonNode root) {
        schema.path("required").forEach(field -> assertThat(value.has(field.asText())).as("required field %s", field).isTrue());
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode fieldSchema = schema.path("properties").path(field.getKey());
            assertThat(fieldSchema.isMissingNode()).as("field %s is in the schema", field.getKey()).isFalse();
            if (field.getValue().isObject()) {
                assertObject(field.getValue(), fieldSchema, root);
            }
        }
    }

    private static Path schemaFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path schema = dir.resolve("docs/events/connection-event.schema.json");
            if (Files.exists(schema)) {
                return schema;
            }
        }
        throw new AssertionError("docs/events/connection-event.schema.json not found above " + Path.of("").toAbsolutePath());
    }
}
