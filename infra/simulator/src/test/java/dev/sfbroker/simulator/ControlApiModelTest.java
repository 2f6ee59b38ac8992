package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a world through {@code /__sim/} (the standalone simulator's control API): orgs, users, connected apps. */
class ControlApiModelTest extends ControlApiTestBase {

    // the control API's purpose: a standalone client builds org, user and app, then logs in with the returned key
    @Test
    void createdOrgUserAndAppServeAJwtExchangeWithTheReturnedConsumerKey() {
        JsonNode createdOrg = control(201, "POST", "orgs",
                "{\"name\":\"globex\",\"type\":\"sandbox\",\"sessionTimeout\":\"PT30M\",\"myDomain\":\"https://globex--uat.sandbox.my.salesforce.com\"}");
        String orgId = createdOrg.get("id").asText();
        assertEquals(18, orgId.length());
        assertEquals(TEST, createdOrg.get("loginUrl").asText());
        control(201, "POST", "orgs/" + orgId + "/users", "{\"username\":\"api@globex.example\",\"profile\":\"API Only\"}");
        JsonNode createdApp = control(201, "POST", "orgs/" + orgId + "/connected-apps",
                "{\"name\":\"Client\",\"certificatePem\":" + quoted(KEYS.certificatePem())
                        + ",\"preAuthorize\":[\"api@globex.example\"],\"scopes\":[\"api\"]}");
        String consumerKey = createdApp.get("consumerKey").asText();
        assertTrue(consumerKey.startsWith("3MVG9"), consumerKey);
        assertEquals(64, createdApp.get("consumerSecret").asText().length());
        assertEquals("ADMIN_APPROVED_PREAUTHORIZED", createdApp.get("permittedUsers").asText());

        HttpResponse<String> response = exchange(JwtAssertion.builder().issuer(consumerKey)
                .subject("api@globex.example").audience(TEST)
                .expiresAt(sim.clock().instant().plusSeconds(180)));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("api", json(response).get("scope").asText());
        SimSession session = sim.session(json(response).get("access_token").asText()).orElseThrow();
        assertEquals(Duration.ofMinutes(30), session.timeout());
    }

    // the JSON of a created object is the model's own state
    @Test
    void createdObjectsAreInTheModel() {
        String orgId = control(201, "POST", "orgs", "{\"name\":\"initech\"}").get("id").asText();
        JsonNode createdJson = control(201, "POST", "orgs/" + orgId + "/users",
                "{\"username\":\"u@initech.example\",\"active\":false,\"ipRestricted\":true,\"permissionSets\":[\"API\"],"
                        + "\"customizeApplication\":true}");
        SimUser created = sim.user("u@initech.example").orElseThrow();
        assertEquals(orgId, created.org().id());
        assertFalse(created.isActive());
        assertTrue(created.isIpRestricted());
        assertTrue(created.permissionSets().contains("API"));
        assertTrue(created.hasCustomizeApplication());
        assertTrue(createdJson.get("customizeApplication").asBoolean());
        assertEquals(OrgType.PRODUCTION, created.org().type());
    }

    // every connected-app setting is one JSON field mapped to the model's setter, readable back
    @Test
    void everyConnectedAppSettingIsOneJsonField() {
        JsonNode patched = control(200, "PATCH", "connected-apps/" + app.consumerKey(), """
                {"sessionTimeout":"PT15M","scopes":["api","refresh_token","openid"],"profiles":["Analyst"],
                 "permissionSets":["Integration"],"permittedUsers":"all_self_authorize","externalClientApp":true,
                 "refreshTokenPolicy":"specific_inactivity:7:DAYS","refreshTokenRotation":true,
                 "secretRequiredForRefreshToken":false,"pkceRequired":true,"introspectAllTokens":true,
                 "ipRelaxation":"ENFORCE_RELAXREFRESH","callbackUrl":"https://client.example/callback",
                 "authorizeAs":"integration@acme.example","fullName":"Broker_2","contactEmail":"ops@acme.example"}""");
        assertEquals(Duration.ofMinutes(15), app.sessionTimeout().orElseThrow());
        assertEquals(List.of("api", "refresh_token", "openid"), app.scopes());
        assertEquals(Set.of("Analyst"), app.profiles());
        assertEquals(Set.of("Integration"), app.permissionSets());
        assertEquals(PermittedUsers.ALL_SELF_AUTHORIZE, app.permittedUsers());
        assertTrue(app.isExternalClientApp());
        assertEquals(RefreshTokenPolicy.inactivity(7, RefreshTokenPolicy.Unit.DAYS), app.refreshTokenPolicy());
        assertTrue(app.isRefreshTokenRotationEnabled());
        assertFalse(app.isSecretRequiredForRefreshToken());
        assertTrue(app.isPkceRequired());
        assertTrue(app.isIntrospectAllTokens());
        assertEquals(IpRelaxation.ENFORCE_RELAXREFRESH, app.ipRelaxation());
        assertEquals("https://client.example/callback", app.callbackUrl().orElseThrow());
        assertEquals(user, app.authorizingUser().orElseThrow());
        assertEquals("Broker_2", app.fullName());
        assertEquals("ops@acme.example", app.contactEmail().orElseThrow());
        assertEquals("specific_inactivity:7:DAYS", patched.get("refreshTokenPolicy").asText());
        assertEquals("integration@acme.example", patched.get("authorizeAs").asText());
        assertEquals("Broker_2", patched.get("fullName").asText());
        assertEquals("ops@acme.example", patched.get("contactEmail").asText());

        control(200, "PATCH", "connected-apps/" + app.consumerKey(), "{\"sessionTimeout\":null,\"certificatePem\":null}");
        assertTrue(app.sessionTimeout().isEmpty());
        assertTrue(app.certificatePem().isEmpty());
    }

    // an external client app installed in another org through the control API
    @Test
    void externalClientAppCanBeInstalledInAnotherOrg() {
        SimOrg other = sim.addOrg("other");
        control(200, "PATCH", "connected-apps/" + app.consumerKey(),
                "{\"externalClientApp\":true,\"installIn\":[\"" + other.id() + "\"]}");
        assertTrue(app.isInstalledIn(other));
    }

    // a user deactivated over HTTP gets inactive_user
    @Test
    void patchedUserStateTakesEffectOnTheNextLogin() {
        JsonNode patched = control(200, "PATCH", "users/" + user.username(), "{\"active\":false}");
        assertFalse(patched.get("active").asBoolean());
        assertOAuthError(OAuthErrors.INACTIVE_USER, exchange(assertion()));
    }

    // an org locked over HTTP refuses logins
    @Test
    void patchedOrgStateTakesEffectOnTheNextLogin() {
        control(200, "PATCH", "orgs/" + org.id15(), "{\"active\":false}");
        assertOAuthError(OAuthErrors.INACTIVE_ORG, exchange(assertion()));
    }

    // reads: an org lists its users and apps; a user shows the logins of the rolling hour
    @Test
    void readsShowTheModel() {
        accessToken();
        JsonNode readOrg = control(200, "GET", "orgs/" + org.id(), null);
        assertEquals(user.username(), readOrg.get("users").get(0).asText());
        assertEquals(app.consumerKey(), readOrg.get("connectedApps").get(0).asText());
        assertEquals(1, control(200, "GET", "orgs", null).size());
        assertEquals(1, control(200, "GET", "users/" + user.username(), null).get("loginsInLastHour").asInt());
        assertEquals(app.consumerSecret(), control(200, "GET", "connected-apps/" + app.consumerKey(), null)
                .get("consumerSecret").asText());
    }

    // input validation: malformed JSON is a 400 with the parser's reason
    @Test
    void malformedJsonIsABadRequest() {
        assertBadRequest("malformed JSON", "POST", "orgs", "{\"name\":");
        assertBadRequest("must be a JSON object", "POST", "orgs", "[1,2]");
        assertBadRequest("Duplicate field", "POST", "orgs", "{\"name\":\"a\",\"name\":\"b\"}");
    }

    // input validation: an unknown field is a 400 naming it and the known ones, and creates nothing
    @Test
    void unknownFieldIsABadRequestAndCreatesNothing() {
        assertBadRequest("unknown field 'colour' in body; known: name", "POST", "orgs", "{\"name\":\"x\",\"colour\":\"red\"}");
        assertEquals(1, sim.orgs().size());
        assertBadRequest("unknown field 'admin'", "POST", "orgs/" + org.id() + "/users", "{\"username\":\"n@x.example\",\"admin\":true}");
        assertTrue(sim.user("n@x.example").isEmpty());
    }

    // input validation: wrong types, read-only and missing fields, unknown referenced objects
    @Test
    void badValuesAreBadRequests() {
        assertBadRequest("field 'active' must be true or false", "PATCH", "users/" + user.username(), "{\"active\":\"no\"}");
        assertBadRequest("field 'sessionTimeout' must be a positive ISO-8601 duration", "PATCH", "orgs/" + org.id(), "{\"sessionTimeout\":120}");
        assertBadRequest("field 'id' is read-only", "PATCH", "orgs/" + org.id(), "{\"id\":\"00D000000000001AAA\"}");
        assertBadRequest("missing field 'name'", "POST", "orgs", "{}");
        assertBadRequest("field 'type' must be one of [PRODUCTION, SANDBOX]", "POST", "orgs", "{\"name\":\"x\",\"type\":\"dev\"}");
        assertBadRequest("must be a known user", "PATCH", "connected-apps/" + app.consumerKey(), "{\"preAuthorize\":[\"nobody@x.example\"]}");
        assertBadRequest("field 'sessionTimeout' must be a positive ISO-8601 duration", "PATCH", "orgs/" + org.id(),
                "{\"sessionTimeout\":\"PT0S\"}");
        assertBadRequest("not an API name", "PATCH", "connected-apps/" + app.consumerKey(), "{\"fullName\":\"1 bad\"}");
    }

    // a certificate the app refuses is a 400 and creates no app
    @Test
    void badCertificateCreatesNoApp() {
        String dashes = "-".repeat(5); // built, so no certificate-shaped text sits in the source
        String notACertificate = dashes + "BEGIN CERTIFICATE" + dashes + "\\nnope\\n" + dashes + "END CERTIFICATE" + dashes + "\\n";
        assertBadRequest("not a PEM X.509 certificate", "POST", "orgs/" + org.id() + "/connected-apps",
                "{\"name\":\"Bad\",\"certificatePem\":\"" + notACertificate + "\"}");
        assertEquals(1, org.connectedApps().size());
    }

    // usernames are global: a taken one is a 409
    @Test
    void takenUsernameIsAConflict() {
        JsonNode error = control(409, "POST", "orgs/" + org.id() + "/users", "{\"username\":\"INTEGRATION@acme.example\"}");
        assertEquals("conflict", error.get("error").asText());
    }

    // unknown routes and objects are 404, wrong methods 405 with Allow
    @Test
    void unknownRoutesAndObjectsAreNotFoundAndWrongMethodsNotAllowed() {
        assertEquals("not_found", control(404, "GET", "nothing-here", null).get("error").asText());
        control(404, "GET", "orgs/00D000000000000", null);
        control(404, "GET", "orgs/not-an-id", null);
        control(404, "GET", "users/nobody@x.example", null);
        control(404, "GET", "connected-apps/3MVG9nope", null);
        HttpResponse<String> response = control("DELETE", "orgs", null);
        assertEquals(405, response.statusCode());
        assertEquals("GET, POST", response.headers().firstValue("Allow").orElseThrow());
    }
}
