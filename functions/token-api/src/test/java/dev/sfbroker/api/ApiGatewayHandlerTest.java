package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda entry point itself ({@code APIGatewayV2HTTPEventFunction}, the handler in template.yaml) fed
 * API Gateway HTTP API payload 2.0 events as an IAM-authorised route delivers them.
 */
@MicronautTest
class ApiGatewayHandlerTest extends FunctionContextTest {

    ApiGatewayHandlerTest() {
        super("iam");
    }
    private APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    void registerAndBuildTheHandler() {
        env.register("demo");
        handler = new APIGatewayV2HTTPEventFunction(context);
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
    APIGatewayV2HTTPEvent event(String connectionId) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(env.context());
        String path = "/connections/" + connectionId + "/token";
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(Map.of("id", connectionId));
        return event;
    }

    private String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(APIGatewayV2HTTPResponse response, int expectedStatus) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expectedStatus);
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        return env.context().getBean(JsonMapper.class).readValue(response.getBody(), Map.class);
    }
}
