package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.testing.BrokerEnvironment;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Lambda entry point itself ({@code APIGatewayV2HTTPEventFunction}, the handler in template.yaml) fed
 * API Gateway HTTP API payload 2.0 events as an IAM-authorised route delivers them.
 */
class ApiGatewayHandlerTest {
    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam");
    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void start() {
        handler = new APIGatewayV2HTTPEventFunction(env.context());
        env.register("demo");
    }

    @Test
    void assumedRoleSessionOfAnAllowedRoleGetsAToken() throws IOException {
        APIGatewayV2HTTPResponse response = handle(event("demo"));

        Map<String, Object> body = json(response, 200);
        assertThat(body.get("access_token")).asString().startsWith(env.org().id15() + "!");
        assertThat(body).containsEntry("instance_url", env.org().instanceUrl()).containsEntry("token_type", "Bearer");
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void unknownConnectionIs404Json() throws IOException {
        assertThat(json(handle(event("missing")), 404)).containsEntry("error", "connection_not_found");
    }

    @Test
    void principalNotAllowedForTheConnectionIs403Json() throws IOException {
        APIGatewayV2HTTPEvent event = event("demo");
        event.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:sts::123456789012:assumed-role/intruder/session");

        assertThat(json(handle(event), 403)).containsEntry("error", "caller_not_allowed");
    }

    @Test
    void requestWithoutIamIdentityIs401JsonEvenWithADevelopmentHeader() throws IOException {
        APIGatewayV2HTTPEvent event = event("demo");
        event.getRequestContext().setAuthorizer(null);
        event.getHeaders().put("x-broker-principal", BrokerEnvironment.INTEGRATION_ROLE);

        assertThat(json(handle(event), 401)).containsEntry("error", "unauthenticated");
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new MockLambdaContext());
    }

    /** The recorded event, re-addressed to another connection where needed. */
    static APIGatewayV2HTTPEvent event(String connectionId) throws IOException {
        APIGatewayV2HTTPEvent event = recordedEvent(env.context());
        String path = "/connections/" + connectionId + "/token";
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(Map.of("id", connectionId));
        return event;
    }

    /** A token request as API Gateway delivered it (HTTP API, payload 2.0, IAM authorizer). */
    static APIGatewayV2HTTPEvent recordedEvent(io.micronaut.context.ApplicationContext context) throws IOException {
        try (InputStream in = ApiGatewayHandlerTest.class.getResourceAsStream("/events/token-request.json")) {
            return context.getBean(JsonMapper.class).readValue(in.readAllBytes(), APIGatewayV2HTTPEvent.class);
        }
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(APIGatewayV2HTTPResponse response, int expectedStatus) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expectedStatus);
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        return env.context().getBean(JsonMapper.class).readValue(response.getBody(), Map.class);
    }
}
