package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route with no identity, an integration caller, and an operator, through the Lambda handler with API
 * Gateway events: integration callers reach only the token routes of their connections; ops routes need the
 * ops role; the OAuth callback (its state protects it) and the health route (it tells nothing) need no identity.
 */
class RouteAuthorizationTest {
    private static final String OPS = "arn:aws:sts::123456789012:assumed-role/ops/alice";
    private static final String INTEGRATION = "arn:aws:sts::123456789012:assumed-role/sync-job/run-1";

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam")
            .configure(properties -> properties.put("broker.ops.principals", "arn:aws:iam::123456789012:role/ops"));
    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void start() {
        handler = new APIGatewayV2HTTPEventFunction(env.context());
        env.register("demo");
        env.register("to-delete");
    }

    enum Who { NOBODY, INTEGRATION, OPS }

    /** route, body, and the statuses expected for nobody, the integration caller, and the operator. */
    static Stream<Arguments> routes() {
        return Stream.of(
                route("GET", "/connections/demo/token", null, 401, 200, 403),
                route("POST", "/connections/demo/token/rejected", "{\"fingerprint\":\"0000000000000000\"}", 401, 200, 403),
                route("GET", "/ops/connections", null, 401, 403, 200),
                route("POST", "/ops/connections", "{\"id\":\"new-one\",\"login_host\":\"login\",\"username\":\"u@acme.example\","
                        + "\"credentials_ref\":\"apps/x\",\"allowed_principals\":[\"" + BrokerEnvironment.INTEGRATION_ROLE + "\"]}",
                        401, 403, 201),
                route("GET", "/ops/connections/demo", null, 401, 403, 200),
                route("PUT", "/ops/connections/demo", "{\"login_host\":\"" + "%SIM%" + "\",\"username\":\"integration@acme.example\","
                        + "\"credentials_ref\":\"" + BrokerEnvironment.CREDENTIALS_REF + "\",\"allowed_principals\":[\""
                        + BrokerEnvironment.INTEGRATION_ROLE + "\"]}", 401, 403, 200),
                route("PATCH", "/ops/connections/demo", "{\"username\":\"integration@acme.example\"}", 401, 403, 200),
                route("POST", "/ops/connections/demo/renew", null, 401, 403, 200),
                route("POST", "/ops/connections/demo/retry", null, 401, 403, 409),
                route("POST", "/ops/connections/demo/retry", "{\"force\":true}", 401, 403, 400),
                route("GET", "/ops/connections/demo/audit", null, 401, 403, 200),
                route("POST", "/ops/connections/demo/authorization", null, 401, 403, 400),
                route("POST", "/ops/policy-audit", null, 401, 403, 200),
                route("GET", "/ops/policy-audit?format=table", null, 401, 403, 200),
                route("POST", "/ops/incidents/revoke", "{\"username\":\"nobody@acme.example\",\"dry_run\":true}", 401, 403, 200),
                route("POST", "/ops/connections/demo/revoke", "{\"target\":\"access_token\"}", 401, 403, 200),
                route("POST", "/ops/connections/to-delete/disable", null, 401, 403, 200),
                route("POST", "/ops/connections/to-delete/enable", null, 401, 403, 200),
                route("DELETE", "/ops/connections/to-delete", null, 401, 403, 200),
                route("GET", "/oauth/callback?state=demo~forged&code=x", null, 400, 400, 400),
                route("GET", "/health", null, 200, 200, 200));
    }

    private static Arguments route(String method, String path, String body, int nobody, int integration, int ops) {
        return Arguments.of(method + " " + path, method, path, body, List.of(nobody, integration, ops));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachIdentityGetsWhatItIsAllowed(String name, String method, String path, String body, List<Integer> expected) throws IOException {
        for (Who who : Who.values()) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event(method, path, body, who), new MockLambdaContext());
            assertThat(response.getStatusCode()).as("%s as %s: %s", name, who, response.getBody()).isEqualTo(expected.get(who.ordinal()));
            assertThat(response.getBody()).as("%s as %s", name, who).doesNotContain("Exception");
        }
    }

    private static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, String body, Who who) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(env.context());
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        event.setRawPath(path);
        event.setRawQueryString(query);
        event.setRouteKey(method + " " + path);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        event.setQueryStringParameters(parameters.isEmpty() ? null : parameters);
        if (body != null) {
            event.setBody(body.replace("%SIM%", env.salesforce().baseUrl()));
            event.getHeaders().put("content-type", "application/json");
            event.getHeaders().put("content-length", Integer.toString(event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        switch (who) {
            case NOBODY -> event.getRequestContext().setAuthorizer(null);
            case INTEGRATION -> event.getRequestContext().getAuthorizer().getIam().setUserArn(INTEGRATION);
            case OPS -> event.getRequestContext().getAuthorizer().getIam().setUserArn(OPS);
        }
        return event;
    }
}
