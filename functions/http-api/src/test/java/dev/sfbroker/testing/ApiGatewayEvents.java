package dev.sfbroker.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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

    /**
     * The recorded request re-addressed: {@code method} on {@code pathAndQuery} (one query parameter at most), signed as
     * {@code userArn}, with a JSON {@code body} unless null.
     */
    public static APIGatewayV2HTTPEvent request(ApplicationContext context, String method, String pathAndQuery, String body,
                                                String userArn) throws IOException {
        APIGatewayV2HTTPEvent event = recordedTokenRequest(context);
        String[] parts = pathAndQuery.split("\\?", 2);
        event.setRawPath(parts[0]);
        event.setRawQueryString(parts.length > 1 ? parts[1] : "");
        event.setQueryStringParameters(parts.length > 1 ? Map.of(parts[1].split("=")[0], parts[1].split("=")[1]) : null);
        event.setRouteKey(method + " " + parts[0]);
        event.setPathParameters(null);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(parts[0]);
        event.getRequestContext().getAuthorizer().getIam().setUserArn(userArn);
        if (body != null) {
            event.setBody(body);
            event.getHeaders().put("content-type", "application/json");
            event.getHeaders().put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        return event;
    }
}
