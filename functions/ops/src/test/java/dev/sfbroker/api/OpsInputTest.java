package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.LoginHost;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inputs people really send to the ops API, through the ops function's Lambda handler with API Gateway events: each
 * is refused with a documented 4xx JSON error whose message says what to send instead, or works as meant. None is a 5xx.
 */
@MicronautTest
class OpsInputTest extends FunctionContextTest {
    private static final String OPS_ROLE = "arn:aws:iam::123456789012:role/ops";
    private static final String CALLER = "arn:aws:iam::123456789012:role/sync-job";

    private APIGatewayV2HTTPEventFunction handler;

    OpsInputTest() {
        super(BrokerEnvironment.forMicronautTest("iam").configure(properties -> properties.put("broker.ops.principals", OPS_ROLE)));
    }

    @BeforeAll
    void start() {
        handler = new APIGatewayV2HTTPEventFunction(context);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"accept_eviction\":\"yes\"} | must be true or false",
            "{\"accept_eviction\":1}       | must be true or false",
            "{\"accept\":true}             | accept_eviction",
            "[true]                       | send one JSON object"})
    void anAuthorisationStartWhoseBodyIsNotAcceptEvictionIsRefusedAndStartsNothing(String body, String message) throws IOException {
        env.register("start-" + Integer.toHexString(body.hashCode()));

        refused(call("POST", "/ops/connections/start-" + Integer.toHexString(body.hashCode()) + "/authorization", body), 400,
                "invalid_request", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "0", "\"false\"", "null"})
    void anIncidentRevocationWhoseDryRunIsNotABooleanIsRefusedAndRevokesNothing(String dryRun) throws IOException {
        String id = "incident-" + Integer.toHexString(dryRun.hashCode());
        env.register(id);

        var response = call("POST", "/ops/incidents/revoke", "{\"username\":\"" + env.user().username() + "\",\"dry_run\":" + dryRun + "}");

        if (dryRun.equals("null")) {
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            assertThat(body(response)).containsEntry("dry_run", true);
        } else {
            refused(response, 400, "invalid_request", "'dry_run' must be true or false");
        }
        assertThat(context.getBean(ConnectionStore.class).find(id).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void anIncidentRevocationWithoutDryRunIsADryRunAndTheOldSelectorNameStillWorks() throws IOException {
        env.register("incident-default");

        var response = call("POST", "/ops/incidents/revoke", "{\"connected_app\":\"" + BrokerEnvironment.CREDENTIALS_REF + "\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"dry_run\":true", "\"credentials_ref\":\"" + BrokerEnvironment.CREDENTIALS_REF + "\"");
        assertThat(context.getBean(ConnectionStore.class).find("incident-default").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    /** Found by fuzzing the OpenAPI document: a NUL in credentials_ref was stored, and renewing then failed with a 500. */
    @Test
    void aControlCharacterInATextFieldIsRefused() throws IOException {
        var response = call("POST", "/ops/connections", "{\"id\":\"nul\",\"login_host\":\"https://login.salesforce.com\","
                + "\"username\":\"u@acme.example\",\"credentials_ref\":\"apps/\\u0000x\",\"allowed_principals\":[\"" + CALLER + "\"]}");

        refused(response, 400, "invalid_request", "'credentials_ref' contains a control character");
        assertThat(context.getBean(ConnectionStore.class).find("nul")).isEmpty();
    }

    /** Found by fuzzing the OpenAPI document: empty lists were left out of answers, so "connections" was missing. */
    @Test
    void anIncidentThatSelectsNothingAnswersAnEmptyListOfConnections() throws IOException {
        var response = call("POST", "/ops/incidents/revoke", "{\"username\":\"nobody@nowhere.example\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"selected\":0", "\"connections\":[]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0   | 'session_timeout_minutes' must be from 15 to 1440",
            "-5  | 'session_timeout_minutes' must be from 15 to 1440",
            "45  | one of the session timeouts Salesforce offers: 15, 30, 60, 120, 240, 480, 720, 1440",
            "1.5 | 'session_timeout_minutes' must be a whole number",
            "'\"30\"' | 'session_timeout_minutes' must be a whole number"})
    void aSessionTimeoutSalesforceDoesNotOfferIsRefused(String minutes, String message) throws IOException {
        refused(call("POST", "/ops/connections", registration("timeout", "\"session_timeout_minutes\":" + minutes)), 400, "invalid_request",
                message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0    | 'login_budget_per_hour' must be from 1 to 3600",
            "3601 | 'login_budget_per_hour' must be from 1 to 3600",
            "2.5  | 'login_budget_per_hour' must be a whole number",
            "'\"600\"' | 'login_budget_per_hour' must be a whole number"})
    void aLoginBudgetOutsideSalesforcesLimitIsRefused(String budget, String message) throws IOException {
        refused(call("POST", "/ops/connections", registration("budget", "\"login_budget_per_hour\":" + budget)), 400, "invalid_request",
                message);
    }

    @Test
    void aConnectionsOwnLoginBudgetIsShownChangedAndReturnedToTheDefault() throws IOException {
        var registered = call("POST", "/ops/connections", registration("budget-600", "\"login_budget_per_hour\":600"));
        assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(201);
        assertThat(body(registered)).containsEntry("login_budget_per_hour", 600);

        assertThat(body(call("PATCH", "/ops/connections/budget-600", "{\"login_budget_per_hour\":300}")))
                .containsEntry("login_budget_per_hour", 300);
        assertThat(body(call("PATCH", "/ops/connections/budget-600", "{\"username\":\"" + env.user().username() + "\"}")))
                .as("a change that does not name it keeps it").containsEntry("login_budget_per_hour", 300);
        assertThat(body(call("PATCH", "/ops/connections/budget-600", "{\"login_budget_per_hour\":null}")))
                .extractingByKey("login_budget_per_hour").as("the default again").isNull();
    }

    @Test
    void aConfiguredSessionTimeoutIsShownWithItsSource() throws IOException {
        var registered = call("POST", "/ops/connections", registration("timeout-30", "\"session_timeout_minutes\":30"));
        var defaulted = call("POST", "/ops/connections", registration("timeout-default", null));

        assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(201);
        assertThat(body(registered)).containsEntry("session_timeout_minutes", 30).containsEntry("session_timeout_source", "configured");
        assertThat(body(defaulted)).containsEntry("session_timeout_minutes", 120).containsEntry("session_timeout_source", "default");
    }

    @Test
    void aNullAmongThePrincipalsIsRefused() throws IOException {
        refused(call("POST", "/ops/connections", registration("nulls", null).replace("[\"" + CALLER + "\"]", "[null]")), 400,
                "invalid_request", "'allowed_principals[0]' must be a string in double quotes (lists hold no nulls); got null");
    }

    @Test
    void anEightMegabyteBodyIsRefusedAsTooLarge() throws IOException {
        refused(call("POST", "/ops/connections", registrationWithPrincipals("huge", 200_000)), 413, "body_too_large", "larger than 64 KiB");
    }

    @Test
    void moreThanAHundredPrincipalsAreRefused() throws IOException {
        refused(call("POST", "/ops/connections", registrationWithPrincipals("many", 101)), 400, "invalid_request",
                "'allowed_principals' may hold at most 100 entries; got 101");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0   | limit must be a whole number from 1 to 1000 (default 50); got 0",
            "-1  | limit must be a whole number from 1 to 1000 (default 50); got -1",
            "1001 | limit must be a whole number from 1 to 1000 (default 50); got 1001",
            "ten | limit must be a whole number from 1 to 1000 (default 50)"})
    void anAuditLimitOutOfBoundsIsRefused(String limit, String message) throws IOException {
        env.register("audited-" + limit);

        refused(call("GET", "/ops/connections/audited-" + limit + "/audit?limit=" + limit, null), 400, "invalid_request", message);
    }

    @Test
    void anUnknownFieldIsRefusedWithTheFieldsThatExist() throws IOException {
        refused(call("POST", "/ops/connections", registration("typo", null).replace("allowed_principals", "allowed_principal")), 400,
                "invalid_request", "unknown field 'allowed_principal'; the fields of this request are 'id', 'login_host', 'audience',"
                        + " 'username', 'credentials_ref', 'flow', 'session_timeout_minutes', 'allowed_principals', 'allow_no_callers'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sync-job | allowed principal 'sync-job' is not an IAM role or user ARN",
            "arn:aws:iam::123456789012:role/* | is not an IAM role or user ARN",
            "arn:aws:sts::123456789012:assumed-role/sync-job/run-1 | list the role instead, arn:aws:iam::123456789012:role/sync-job"})
    void aPrincipalThatIsNotARoleOrUserArnIsRefused(String principal, String message) throws IOException {
        refused(call("POST", "/ops/connections", registration("principal", null).replace(CALLER, principal)), 400, "invalid_request",
                message);
    }

    @Test
    void anOverlongUsernameIsRefused() throws IOException {
        String longName = "a".repeat(75) + "@acme.example";
        String hugeName = "a".repeat(300_000) + "@acme.example";

        refused(call("POST", "/ops/connections", registration("long-user", null).replace(env.user().username(), longName)), 400,
                "invalid_request", "'username' may be at most 80 characters; got 88");
        refused(call("POST", "/ops/connections", registration("huge-user", null).replace(env.user().username(), hugeName)), 413,
                "body_too_large", "larger than 64 KiB");
    }

    @Test
    void aPutWithOnlyTheChangedFieldNamesTheMissingOnesAndPatchChangesOnlyThatField() throws IOException {
        call("POST", "/ops/connections", registration("changed", "\"session_timeout_minutes\":60"));

        refused(call("PUT", "/ops/connections/changed", "{\"username\":\"other@acme.example\"}"), 400, "invalid_request",
                "missing login_host, credentials_ref, allowed_principals: PUT replaces the whole definition");
        var patched = call("PATCH", "/ops/connections/changed", "{\"username\":\"other@acme.example\"}");

        assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(200);
        assertThat(body(patched)).containsEntry("username", "other@acme.example").containsEntry("session_timeout_minutes", 60)
                .containsEntry("credentials_ref", BrokerEnvironment.CREDENTIALS_REF);
        assertThat(patched.getBody()).contains(CALLER);
    }

    @Test
    void aChangeThatLeavesNobodyAllowedIsRefusedUnlessItSaysSo() throws IOException {
        call("POST", "/ops/connections", registration("locked", null));
        String replacement = registration("locked", null).replace("\"id\":\"locked\",", "").replace("[\"" + CALLER + "\"]", "[]");

        refused(call("PUT", "/ops/connections/locked", replacement), 400, "invalid_request",
                "nobody could fetch this connection's token; list the callers' role ARNs, or send \"allow_no_callers\": true");
        refused(call("PATCH", "/ops/connections/locked", "{\"allowed_principals\":[]}"), 400, "invalid_request", "\"allow_no_callers\": true");
        var meant = call("PATCH", "/ops/connections/locked", "{\"allowed_principals\":[],\"allow_no_callers\":true}");

        assertThat(meant.getStatusCode()).as(meant.getBody()).isEqualTo(200);
        assertThat(meant.getBody()).doesNotContain(CALLER);
    }

    @Test
    void anOpsPrincipalAmongTheCallersIsRefusedUnlessTheRequestSaysSoAndTheChoiceIsAudited() throws IOException {
        // the ops role under a path is still the ops role: roles are compared as everywhere else
        String opsUnderAPath = "arn:aws:iam::123456789012:role/platform/ops";
        String withOps = "[\"" + CALLER + "\",\"" + opsUnderAPath + "\"]";

        refused(call("POST", "/ops/connections", registration("ops-caller", null).replace("[\"" + CALLER + "\"]", withOps)), 400,
                "invalid_request", "would let the ops principal " + opsUnderAPath + " fetch this connection's token");
        refused(call("GET", "/ops/connections/ops-caller", null), 404, "connection_not_found", "ops-caller");
        call("POST", "/ops/connections", registration("ops-caller", null));
        refused(call("PATCH", "/ops/connections/ops-caller", "{\"allowed_principals\":" + withOps + "}"), 400, "invalid_request",
                "send \"allow_ops_principal\": true if an ops principal must fetch it");
        refused(call("PATCH", "/ops/connections/ops-caller", "{\"allowed_principals\":" + withOps + ",\"allow_ops_principal\":\"yes\"}"),
                400, "invalid_request", "'allow_ops_principal' must be true or false");
        var meant = call("PATCH", "/ops/connections/ops-caller", "{\"allowed_principals\":" + withOps + ",\"allow_ops_principal\":true}");

        assertThat(meant.getStatusCode()).as(meant.getBody()).isEqualTo(200);
        assertThat(meant.getBody()).contains(opsUnderAPath);
        var trail = call("GET", "/ops/connections/ops-caller/audit?limit=1", null);
        assertThat(trail.getBody()).contains("\"action\":\"UPDATED\"", "allow_ops_principal: true, ops principal added: " + opsUnderAPath,
                "\"changes\":[{\"field\":\"allowed_principals\",\"before\":\"" + CALLER + "\",\"after\":\"" + opsUnderAPath + ", " + CALLER
                        + "\"}]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"broken\",                   | the body is not valid JSON",
            "[1,2]                                | send one JSON object",
            "{\"id\":5}                           | 'id' must be a string in double quotes; got 5",
            "{\"id\":\"x\",\"allowed_principals\":\"arn:aws:iam::123456789012:role/a\"} | 'allowed_principals' must be a list of strings",
            "{\"id\":\"x\",\"username\":{}}       | 'username' must be a string in double quotes; got an object"})
    void malformedJsonAndWrongTypesAreRefusedInTheApisOwnWords(String body, String message) throws IOException {
        APIGatewayV2HTTPResponse response = call("POST", "/ops/connections", body);

        refused(response, 400, "invalid_request", message);
        assertThat(response.getBody()).doesNotContainIgnoringCase("jackson").doesNotContain("java.", "Exception", "Serde");
    }

    @Test
    void aDeletedConnectionsAuditTrailStaysReadable() throws IOException {
        call("POST", "/ops/connections", registration("deleted", null));
        assertThat(call("DELETE", "/ops/connections/deleted", null).getStatusCode()).isEqualTo(200);

        var trail = call("GET", "/ops/connections/deleted/audit", null);

        assertThat(trail.getStatusCode()).as(trail.getBody()).isEqualTo(200);
        assertThat(trail.getBody()).contains("\"action\":\"DELETED\"", "\"action\":\"REGISTERED\"",
                "{\"field\":\"username\",\"before\":\"" + env.user().username() + "\"}",
                "{\"field\":\"username\",\"after\":\"" + env.user().username() + "\"}");
        refused(call("GET", "/ops/connections/never-was/audit", null), 404, "connection_not_found", "register the connection first");
    }

    @Test
    void aRevocationMustNameItsTarget() throws IOException {
        env.register("untargeted");

        refused(call("POST", "/ops/connections/untargeted/revoke", "{}"), 400, "invalid_request", "\"target\": \"access_token\"");
    }

    @Test
    void theHealthRouteAnswersWithoutIdentityAndSaysNothingElse() throws IOException {
        APIGatewayV2HTTPEvent event = event("GET", "/health", null);
        event.getRequestContext().setAuthorizer(null);

        var response = handler.handleRequest(event, new MockLambdaContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(Map.of("status", "ok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://login.salesforce.com", "https://attacker@login.salesforce.com", "https://login.salesforce.com:8443",
            "login.salesforce.com.evil.example", "https://acme.my.salesforce.com.evil.example", "https://203.0.113.9",
            "https://[2001:db8::1]", "http://127.0.0.1:9", "https://acme.force.com"})
    void aLoginHostThatIsNotSalesforcesIsRefusedAtRegistrationAndChangeAndNothingIsSent(String host) throws IOException {
        String id = "host-" + Integer.toHexString(host.hashCode());
        long callsBefore = env.salesforce().counters().totalCalls();

        refused(call("POST", "/ops/connections", registration(id, null).replace(env.salesforce().baseUrl(), host)),
                400, "invalid_request", "is not a Salesforce login host");
        assertThat(context.getBean(ConnectionStore.class).find(id)).isEmpty();

        assertThat(call("POST", "/ops/connections", registration(id, null)).getStatusCode()).isEqualTo(201);
        refused(call("PATCH", "/ops/connections/" + id, "{\"login_host\":\"" + host + "\"}"),
                400, "invalid_request", "is not a Salesforce login host");
        assertThat(context.getBean(ConnectionStore.class).find(id).orElseThrow().loginHost().url()).hasToString(env.salesforce().baseUrl());
        assertThat(env.salesforce().counters().totalCalls()).isEqualTo(callsBefore);
    }

    @Test
    void anAudienceThatDoesNotGoWithTheHostIsRefused() throws IOException {
        refused(call("POST", "/ops/connections", registration("wrong-audience", "\"audience\":\"" + LoginHost.PRODUCTION_AUDIENCE + "\"")
                .replace(env.salesforce().baseUrl(), "acme--uat.sandbox.my.salesforce.com")), 400, "invalid_request", "does not go with");
    }

    @Test
    void aTokenForAnInstanceUrlOffSalesforceIsNeitherStoredNorServedButRevoked() throws IOException {
        assertThat(call("POST", "/ops/connections", registration("hostile-instance", null)).getStatusCode()).isEqualTo(201);
        long revokesBefore = env.salesforce().counters().calls(SimEndpoint.REVOKE);
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().answerAfterApply(200, "application/json",
                "{\"access_token\":\"00Dhostile!token\",\"instance_url\":\"https://acme.my.salesforce.com.evil.example\","
                        + "\"token_type\":\"Bearer\",\"issued_at\":\"1795363200000\"}");

        var response = call("POST", "/ops/connections/hostile-instance/renew", null);

        assertThat(response.getBody()).contains("not https on a Salesforce domain").doesNotContain("00Dhostile");
        Connection stored = context.getBean(ConnectionStore.class).find("hostile-instance").orElseThrow();
        assertThat(stored.token()).isNull();
        assertThat(stored.state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(env.salesforce().counters().calls(SimEndpoint.REVOKE)).isEqualTo(revokesBefore + 1);
    }

    @Test
    void changingTheUserRevokesAndPurgesTheTokensFirst() throws IOException {
        assertThat(call("POST", "/ops/connections", registration("new-user", null)).getStatusCode()).isEqualTo(201);
        assertThat(call("POST", "/ops/connections/new-user/renew", null).getStatusCode()).isEqualTo(200);
        long revokesBefore = env.salesforce().counters().calls(SimEndpoint.REVOKE);
        String otherUser = env.org().addUser("other-" + System.nanoTime() + "@acme.example").username();

        var response = call("PATCH", "/ops/connections/new-user", "{\"username\":\"" + otherUser + "\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        Connection changed = context.getBean(ConnectionStore.class).find("new-user").orElseThrow();
        assertThat(changed.username()).isEqualTo(otherUser);
        assertThat(changed.token()).isNull();
        assertThat(env.salesforce().counters().calls(SimEndpoint.REVOKE)).isEqualTo(revokesBefore + 1);
        assertThat(call("GET", "/ops/connections/new-user/audit", null).getBody())
                .contains("before a change of login host, user or connected app");
    }

    private String registration(String id, String extraField) {
        return "{\"id\":\"" + id + "\",\"login_host\":\"" + env.salesforce().baseUrl() + "\",\"username\":\"" + env.user().username()
                + "\",\"credentials_ref\":\"" + BrokerEnvironment.CREDENTIALS_REF + "\",\"allowed_principals\":[\"" + CALLER + "\"]"
                + (extraField == null ? "" : "," + extraField) + "}";
    }

    private String registrationWithPrincipals(String id, int count) {
        String principals = IntStream.range(0, count).mapToObj(i -> "\"arn:aws:iam::123456789012:role/r" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        return registration(id, null).replace("[\"" + CALLER + "\"]", principals);
    }

    private void refused(APIGatewayV2HTTPResponse response, int status, String code, String message) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        Map<String, Object> error = body(response);
        assertThat(error).containsEntry("error", code);
        assertThat((String) error.get("message")).contains(message);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(APIGatewayV2HTTPResponse response) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isLessThan(500);
        return context.getBean(JsonMapper.class).readValue(response.getBody(), Map.class);
    }

    private APIGatewayV2HTTPResponse call(String method, String pathAndQuery, String body) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(method, pathAndQuery, body), new MockLambdaContext());
        assertThat(response.getStatusCode()).as(response.getBody()).isLessThan(500);
        return response;
    }

    private APIGatewayV2HTTPEvent event(String method, String pathAndQuery, String body) throws IOException {
        return ApiGatewayEvents.request(context, method, pathAndQuery, body, "arn:aws:sts::123456789012:assumed-role/ops/alice");
    }
}
