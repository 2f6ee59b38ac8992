package dev.sfbroker.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/** API Gateway events as API Gateway delivers them, for tests that drive a function's real handler. */
public final class ApiGatewayEvents {
    private ApiGatewayEvents() {
    }

    /** A token request as API Gateway delivered it (HTTP API, payload 2.0, IAM authorizer); tests re-address it. */
    public static APIGatewayV2HTTPEvent recordedTokenRequest(ApplicationContext context) throws IOException {
        try (InputStream in = ApiGatewayEvents.class.getResourceAsStream("/events/token-request.json")) {
            return context.getBean(JsonMapper.class).readValue(in.readAllBytes(), APIGatewayV2HTTPEvent.class);
        }
    }
}
