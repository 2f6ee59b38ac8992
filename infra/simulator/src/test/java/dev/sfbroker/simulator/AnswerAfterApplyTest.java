package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault that applies a call and then answers something else (issue 10): a gateway's 504 page, a
 * 502, or a 200 cut short, although the change went through. The client cannot tell what happened.
 */
class AnswerAfterApplyTest extends GrantTestBase {

    // the refresh behind the gateway's 504 rotated the token: the new one is live, the old one a reuse
    @Test
    void refreshAnsweredByAGatewayTimeoutRotatedTheToken() {
        app.refreshTokenRotation(true);
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        sim.faults().on(SimEndpoint.TOKEN).once().gatewayTimeoutAfterApply();

        HttpResponse<String> response = refresh(tokens.refreshToken());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(response.body()).isEqualTo("<html><body><h1>504 Gateway Time-out</h1></body></html>");
        String rotated = grant.refreshToken().orElseThrow();
        assertThat(rotated).as("rotated although the client saw a 504").isNotEqualTo(tokens.refreshToken());
        assertThat(grant.useCount()).isEqualTo(1);

        assertThat(refresh(rotated).statusCode()).as("the new refresh token is live").isEqualTo(200);
        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
        assertThat(grant.revocation()).as("the old one was rotated out: reuse detection")
                .hasValue(SimGrant.Revocation.REFRESH_TOKEN_REUSED);
    }

    // the revoke went through although a gateway answered 502
    @Test
    void revokeAnsweredByABadGatewayRevokedTheGrant() {
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        sim.faults().on(SimEndpoint.REVOKE).once().answerAfterApply(502, "text/plain", "Bad Gateway");

        HttpResponse<String> response = revoke(tokens.refreshToken());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("Bad Gateway");
        assertThat(grant.revocation()).hasValue(SimGrant.Revocation.REVOKED);
        assertThat(restStatus(tokens.accessToken())).isEqualTo(401);
    }

    // a 200 whose JSON is cut short: the token was issued, the client cannot read it
    @Test
    void truncatedSuccessStillIssuedTheToken() {
        sim.faults().on(SimEndpoint.TOKEN).once().answerAfterApply(200, Http.JSON_UTF8, "{\"access_token\":\"00D");

        HttpResponse<String> response = exchange(assertion());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"access_token\":\"00D");
        assertThat(sim.liveSessions()).hasSize(1);
        assertThat(sim.loginsInLastHour(user)).isEqualTo(1);
    }

    // faults work at the router, so every endpoint kind is applied then answered alike
    @ParameterizedTest
    @EnumSource(SimEndpoint.class)
    void everyEndpointKindCanBeAnsweredAfterApply(SimEndpoint endpoint) {
        String path = switch (endpoint) {
            case TOKEN -> TokenEndpoint.PATH;
            case AUTHORIZE -> AuthorizeEndpoint.PATH;
            case REVOKE -> RevokeEndpoint.PATH;
            case INTROSPECT -> IntrospectEndpoint.PATH;
            case REST_API -> RestApi.PATH;
            case METADATA -> MetadataEndpoint.PATH + "/62.0";
            case IDENTITY -> IdentityEndpoint.PATH + "/00D000000000001AAA/005000000000001AAA";
            case OTHER -> "/elsewhere";
        };
        sim.faults().on(endpoint).once().answerAfterApply(503, "text/plain", "upstream unavailable");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("upstream unavailable");
        assertThat(sim.counters().calls(endpoint)).isEqualTo(1);
        assertThat(sim.faults().armed()).isEmpty();
    }

    // over HTTP: the action's status is required, content type and body default to the gateway's 504 page
    @Test
    void answerAfterApplyCanBeArmedOverHttp() {
        JsonNode armed = control(201, "POST", "faults", "{\"endpoint\":\"introspect\",\"action\":\"answerAfterApply\","
                + "\"status\":504,\"times\":1}");

        assertThat(armed.get("action").asText()).isEqualTo("answerAfterApply");
        assertThat(armed.get("status").asInt()).isEqualTo(504);
        assertThat(armed.get("contentType").asText()).isEqualTo(FaultAction.HTML);
        assertThat(armed.get("body").asText()).isEqualTo(FaultAction.GATEWAY_TIMEOUT_PAGE);
        assertThat(sim.faults().armed()).extracting(SimFault::action)
                .containsExactly(new FaultAction.AnswerAfterApply(504, FaultAction.HTML, FaultAction.GATEWAY_TIMEOUT_PAGE));
        assertThat(introspect(accessToken(), app).statusCode()).isEqualTo(504);

        assertBadRequest("missing field 'status'", "POST", "faults", "{\"endpoint\":\"token\",\"action\":\"answerAfterApply\"}");
        assertBadRequest("a status from 200 to 599", "POST", "faults",
                "{\"endpoint\":\"token\",\"action\":\"answerAfterApply\",\"status\":101}");
    }
}
