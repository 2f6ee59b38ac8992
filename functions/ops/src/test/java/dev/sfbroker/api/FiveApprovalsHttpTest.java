package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.AuditTrail;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The five approvals as an operator meets them, through the ops function's Lambda handler with API Gateway events, against
 * the simulator and DynamoDB Local: the registration's warnings, the 409 naming the grant a new approval would evict,
 * and the start that accepts the eviction, audited.
 */
@MicronautTest
class FiveApprovalsHttpTest extends FunctionContextTest {
    private static final String OPS_ROLE = "arn:aws:iam::123456789012:role/ops";
    private static final String CALLBACK = "https://broker.example/oauth/callback";

    private APIGatewayV2HTTPEventFunction handler;

    FiveApprovalsHttpTest() {
        super(BrokerEnvironment.forMicronautTest("iam").configure(properties -> {
            properties.put("broker.ops.principals", OPS_ROLE);
            properties.put("broker.oauth.callback-url", CALLBACK);
        }));
    }

    @BeforeAll
    void start() {
        handler = new APIGatewayV2HTTPEventFunction(context);
    }

    @Test
    void aSixthApprovalIsRefusedWithTheDoomedGrantUntilTheOperatorAcceptsTheEvictionWhichIsAudited() throws IOException {
        SimConnectedApp app = env.org().addConnectedApp("Http Sync").callbackUrl(CALLBACK).authorizeAs(env.user());
        env.writeNamedClientSecret("apps/http-sync", app);
        assertThat(call("POST", "/ops/connections", registration("http-sync-1")).getStatusCode()).isEqualTo(201);
        APIGatewayV2HTTPResponse second = call("POST", "/ops/connections", registration("http-sync-2"));
        for (int i = 0; i < 5; i++) {
            env.approveOutsideTheBroker(app, CALLBACK);
        }
        SimGrant oldest = env.salesforce().grants(env.user(), app).getFirst();
        // a connection of the same user with a valid access token reads the approvals
        env.register("http-reader");
        assertThat(call("POST", "/ops/connections/http-reader/renew", null).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse refused = call("POST", "/ops/connections/http-sync-1/authorization", "{}");
        APIGatewayV2HTTPResponse accepted = call("POST", "/ops/connections/http-sync-1/authorization", "{\"accept_eviction\":true}");

        assertThat(second.getStatusCode()).isEqualTo(201);
        assertThat((List<?>) body(second).get("warnings")).singleElement().asString()
                .contains("connection http-sync-1 uses the same Salesforce user and connected app");
        Map<String, Object> doomed = Map.of("app", app.name(), "user", env.user().username(),
                "created", oldest.createdDate().truncatedTo(ChronoUnit.MILLIS).toString(),
                "last_used", oldest.lastUsedDate().truncatedTo(ChronoUnit.MILLIS).toString(), "held_by_broker", false);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(409);
        assertThat(body(refused)).containsEntry("error", "approval_would_evict_grant").containsEntry("connection", "http-sync-1")
                .containsEntry("grant", doomed);
        assertThat((String) body(refused).get("message")).contains("which the broker does not hold", "accept_eviction");
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(201);
        assertThat(body(accepted)).containsEntry("evicts", doomed).containsKey("authorize_url");
        List<AuditEvent> audit = context.getBean(AuditTrail.class).forConnection("http-sync-1", 2);
        assertThat(audit).extracting(AuditEvent::action)
                .containsExactly(AuditEvent.Action.AUTHORIZATION_STARTED, AuditEvent.Action.AUTHORIZATION_FAILED);
        assertThat(audit.getFirst().detail()).contains("the operator accepted that it revokes the approval of " + app.name());
        assertThat(audit.getFirst().actor()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ops/alice");
        assertThat(audit.get(1).outcome()).isEqualTo("WOULD_EVICT_GRANT");
    }

    private String registration(String id) {
        return "{\"id\":\"" + id + "\",\"login_host\":\"" + env.salesforce().baseUrl() + "\",\"username\":\"" + env.user().username()
                + "\",\"credentials_ref\":\"apps/http-sync\",\"flow\":\"refresh_token\",\"allowed_principals\":"
                + "[\"arn:aws:iam::123456789012:role/sync-job\"]}";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(APIGatewayV2HTTPResponse response) throws IOException {
        return context.getBean(JsonMapper.class).readValue(response.getBody(), Map.class);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.request(context, method, path, body, "arn:aws:sts::123456789012:assumed-role/ops/alice");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
        assertThat(response.getStatusCode()).as(response.getBody()).isLessThan(500);
        return response;
    }
}
