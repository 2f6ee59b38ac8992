package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionBeans;
import dev.sfbroker.testing.FunctionContextTest;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ops function's own context (the ops API, the OAuth callback and the direct-invoke handler share it): connection
 * management, onboarding and the policy audit, and no token route.
 */
@MicronautTest
class OpsFunctionTest extends FunctionContextTest {
    private static final String OPS_ROLE = "arn:aws:iam::123456789012:role/ops";

    OpsFunctionTest() {
        super(BrokerEnvironment.forMicronautTest("iam").configure(properties -> properties.put("broker.ops.principals", OPS_ROLE)));
    }

    @Test
    void createsConnectionManagementOnboardingAndThePolicyAuditButNoTokenRoute() {
        assertThat(FunctionBeans.of(context)).containsExactlyElementsOf(FunctionBeans.union(FunctionBeans.CORE, FunctionBeans.RENEWAL,
                FunctionBeans.HTTP, FunctionBeans.POLICY, Set.of(
                        "dev.sfbroker.token.AuthorizationServer",
                        "dev.sfbroker.token.ConnectionOperations",
                        "dev.sfbroker.token.Onboarding",
                        "dev.sfbroker.token.ApprovalLimit",
                        "dev.sfbroker.wiring.OpsProperties",
                        "dev.sfbroker.api.OpsAccess",
                        "dev.sfbroker.api.ConnectionRequests",
                        "dev.sfbroker.api.OpsController",
                        "dev.sfbroker.api.AuthorizationController",
                        "dev.sfbroker.handlers.OpsInvokeHandler")));
    }

    @Test
    void anOpsEventListsConnectionsAndATokenRouteIsNotHere() throws IOException {
        env.register("listed");
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);

        APIGatewayV2HTTPResponse list = handler.handleRequest(request("GET", "/ops/connections"), new MockLambdaContext());
        APIGatewayV2HTTPResponse token = handler.handleRequest(request("GET", "/connections/listed/token"), new MockLambdaContext());

        assertThat(list.getStatusCode()).as(list.getBody()).isEqualTo(200);
        assertThat(list.getBody()).contains("\"id\":\"listed\"");
        assertThat(token.getStatusCode()).as(token.getBody()).isEqualTo(404);
    }

    private APIGatewayV2HTTPEvent request(String method, String path) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(context);
        event.setRawPath(path);
        event.setRouteKey(method + " " + path);
        event.setPathParameters(null);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:sts::123456789012:assumed-role/ops/alice");
        return event;
    }
}
