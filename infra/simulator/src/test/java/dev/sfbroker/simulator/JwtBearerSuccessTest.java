package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Successful JWT bearer exchanges. */
class JwtBearerSuccessTest extends SimulatorTestBase {

    // 5: access_token, instance_url, id, token_type, scope, issued_at, signature; no refresh_token
    @Test
    void successResponseHasTheDocumentedShape() {
        long before = sim.clock().instant().toEpochMilli();
        HttpResponse<String> response = exchange(assertion());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Http.NO_STORE, response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode body = json(response);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("access_token", "scope", "instance_url", "id", "token_type", "issued_at", "signature"), fields);

        String token = body.get("access_token").asText();
        assertTrue(token.startsWith(org.id15() + "!"), "token starts with the 15-character org id and '!'");
        assertEquals(sim.baseUrl(), body.get("instance_url").asText());
        assertEquals(LOGIN + "/id/" + org.id() + "/" + user.id(), body.get("id").asText());
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals("api refresh_token", body.get("scope").asText());
        long issuedAt = Long.parseLong(body.get("issued_at").asText());
        assertTrue(issuedAt >= before && issuedAt <= sim.clock().instant().toEpochMilli(), "issued_at is epoch ms");
        assertFalse(body.has("refresh_token"), "the JWT flow never issues a refresh token");
        assertEquals(18, org.id().length());
        assertTrue(org.id().startsWith("00D") && user.id().startsWith("005"));
    }

    // signature = b64(HMAC-SHA256(consumer secret, id + issued_at))
    @Test
    void signatureIsHmacOfIdAndIssuedAtWithTheConsumerSecret() {
        JsonNode body = json(exchange(assertion()));
        String expected = TokenResponses.signature(app.consumerSecret(), body.get("id").asText(),
                body.get("issued_at").asText());
        assertEquals(expected, body.get("signature").asText());
        assertEquals(44, expected.length(), "base64 of 32 bytes");
    }

    // the doc example uses the legacy prn claim instead of sub
    @Test
    void prnClaimIsAcceptedAsTheSubject() {
        HttpResponse<String> response = exchange(assertion().claim("sub", null).claim("prn", user.username()));
        assertEquals(200, response.statusCode(), response.body());
    }

    // the doc example and simple-salesforce send exp as a string
    @Test
    void expAsNumericStringIsAccepted() {
        String exp = Long.toString(sim.clock().instant().plusSeconds(180).getEpochSecond());
        HttpResponse<String> response = exchange(assertion().claim("exp", exp));
        assertEquals(200, response.statusCode(), response.body());
    }

    // sfdx-core sends exp in milliseconds (far future) and Salesforce accepts it; no max by default
    @Test
    void farFutureExpInMillisecondsIsAcceptedByDefault() {
        HttpResponse<String> response = exchange(assertion().claim("exp", sim.clock().millis() + 300));
        assertEquals(200, response.statusCode(), response.body());
    }

    // a sandbox org takes aud https://test.salesforce.com and its id URL uses the test host
    @Test
    void sandboxOrgAcceptsTestAudience() {
        SimOrg sandbox = sim.addOrg("acme-uat", OrgType.SANDBOX);
        SimUser sandboxUser = sandbox.addUser("integration@acme.example.uat");
        app = sandbox.addConnectedApp("Token Broker", KEYS.certificatePem()).preAuthorize(sandboxUser);

        HttpResponse<String> response = exchange(assertionFor(sandboxUser.username()).audience(TEST));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(TEST + "/id/" + sandbox.id() + "/" + sandboxUser.id(), json(response).get("id").asText());
    }

    // an external client app installed in another org (here a sandbox) logs that org's users in,
    // with the audience and ids of their org
    @Test
    void externalClientAppInstalledInAnotherOrgServesItsUsers() {
        SimOrg sandbox = sim.addOrg("globex-uat", OrgType.SANDBOX);
        SimUser sandboxUser = sandbox.addUser("integration@globex.example.uat");
        app.externalClientApp(true).installIn(sandbox);

        HttpResponse<String> response = exchange(assertionFor(sandboxUser.username()).audience(TEST));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertTrue(body.get("access_token").asText().startsWith(sandbox.id15() + "!"));
        assertEquals(TEST + "/id/" + sandbox.id() + "/" + sandboxUser.id(), body.get("id").asText());
        assertEquals(200, exchange(assertion()).statusCode(), "the app's own org counts as installed");
    }

    // 4 (a): pre-authorization through an assigned permission set
    @Test
    void userPreAuthorizedByPermissionSetIsAccepted() {
        SimUser other = org.addUser("etl@acme.example", "Standard User").addPermissionSet("Broker Access");
        app.assignPermissionSet("Broker Access");
        assertEquals(200, exchange(assertionFor(other.username())).statusCode());
    }

    // 4 (b): a prior self-approval that included a refresh token lets the user in
    @Test
    void userWithPriorRefreshTokenApprovalIsAccepted() {
        SimUser other = org.addUser("self@acme.example", "Standard User");
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE).recordSelfApproval(other);
        HttpResponse<String> response = exchange(assertionFor(other.username()));
        assertEquals(200, response.statusCode(), response.body());
    }

    // default is a new session (new access token) per exchange
    @Test
    void repeatExchangeReturnsANewAccessTokenByDefault() {
        assertNotEquals(accessToken(), accessToken());
    }

    // optional claims (iat, jti, nbf) are ignored
    @Test
    void optionalClaimsAreIgnored() {
        HttpResponse<String> response = exchange(assertion()
                .claim("iat", sim.clock().instant().getEpochSecond())
                .claim("jti", "abc-123")
                .claim("nbf", sim.clock().instant().plusSeconds(3600).getEpochSecond()));
        assertEquals(200, response.statusCode(), response.body());
    }
}
