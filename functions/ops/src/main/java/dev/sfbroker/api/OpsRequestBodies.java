package dev.sfbroker.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The ops API's request bodies as the OpenAPI document shows them. The routes read bodies strictly with
 * {@link JsonRequest} (unknown fields refused, exact types), so these records only describe them; bounds name the
 * constants the readers enforce.
 */
final class OpsRequestBodies {
    private OpsRequestBodies() {
    }

    private static final String ID_PATTERN = "^[A-Za-z0-9._-]{1,128}$";
    private static final String SESSION_TIMEOUTS = "One of the timeouts Salesforce offers: 15, 30, 60, 120, 240, 480, 720 or 1440.";
    private static final String PRINCIPAL_EXAMPLE = "arn:aws:iam::123456789012:role/sync-job";
    private static final String LOGIN_BUDGET = "Logins per hour the broker may make as this connection's user (all its connections"
            + " share it); null: broker.login-budget.per-hour.";
    private static final String ALLOW_OPS_PRINCIPAL = "Required (true) to list an ops principal in allowed_principals; audited.";
    private static final String PRINCIPAL_PATTERN = "^arn:aws:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$";

    @Schema(name = "Registration", requiredProperties = {"id", "login_host", "username", "credentials_ref", "allowed_principals"},
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Registration(
            @Schema(pattern = ID_PATTERN, example = "sync-prod") String id,
            @Schema(maxLength = ConnectionRequests.MAX_LOGIN_HOST_LENGTH, example = "https://login.salesforce.com") String loginHost,
            @Schema(nullable = true, maxLength = ConnectionRequests.MAX_LOGIN_HOST_LENGTH,
                    description = "Defaults to the login host's audience.") String audience,
            @Schema(maxLength = ConnectionRequests.MAX_USERNAME_LENGTH, example = "integration@acme.example") String username,
            @Schema(maxLength = ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH, example = "token-broker/connected-apps/default")
            String credentialsRef,
            @Schema(nullable = true, allowableValues = {"jwt_bearer", "refresh_token"}) String flow,
            @Schema(nullable = true, description = SESSION_TIMEOUTS) Integer sessionTimeoutMinutes,
            @ArraySchema(maxItems = ConnectionRequests.MAX_PRINCIPALS, schema = @Schema(example = PRINCIPAL_EXAMPLE, pattern = PRINCIPAL_PATTERN,
                    description = "An IAM role or user ARN; a role matches its sessions.")) List<String> allowedPrincipals,
            @Schema(nullable = true, minimum = "1", maximum = "3600", description = LOGIN_BUDGET) Integer loginBudgetPerHour,
            @Schema(nullable = true, description = "Required (true) when allowed_principals is empty.") Boolean allowNoCallers,
            @Schema(nullable = true, description = ALLOW_OPS_PRINCIPAL) Boolean allowOpsPrincipal) {
    }

    @Schema(name = "Definition", description = "PUT: login_host, username, credentials_ref and allowed_principals are required."
            + " PATCH: only the fields sent change; audience, session_timeout_minutes or login_budget_per_hour sent as null return to the default.",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Definition(
            @Schema(maxLength = ConnectionRequests.MAX_LOGIN_HOST_LENGTH, example = "https://login.salesforce.com") String loginHost,
            @Schema(nullable = true, maxLength = ConnectionRequests.MAX_LOGIN_HOST_LENGTH) String audience,
            @Schema(maxLength = ConnectionRequests.MAX_USERNAME_LENGTH, example = "integration@acme.example") String username,
            @Schema(maxLength = ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH) String credentialsRef,
            @Schema(nullable = true, allowableValues = {"jwt_bearer", "refresh_token"}, description = "Cannot change.") String flow,
            @Schema(nullable = true, description = SESSION_TIMEOUTS) Integer sessionTimeoutMinutes,
            @ArraySchema(maxItems = ConnectionRequests.MAX_PRINCIPALS, schema = @Schema(example = PRINCIPAL_EXAMPLE, pattern = PRINCIPAL_PATTERN))
            @Nullable List<String> allowedPrincipals,
            @Schema(nullable = true, minimum = "1", maximum = "3600", description = LOGIN_BUDGET) Integer loginBudgetPerHour,
            @Schema(nullable = true) Boolean allowNoCallers,
            @Schema(nullable = true, description = ALLOW_OPS_PRINCIPAL) Boolean allowOpsPrincipal) {
    }

    @Schema(name = "AuthorizationRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Authorization(@Schema(nullable = true, description = "Go ahead even though Salesforce would revoke the user's oldest"
            + " approval of the app (audited).") Boolean acceptEviction) {
    }

    @Schema(name = "RevocationRequest", requiredProperties = "target", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Revoke(@Schema(allowableValues = {"access_token", "grant"}, example = "grant") String target) {
    }

    @Schema(name = "IncidentRequest", description = "Selects every connection matching all the criteria sent. Only \"dry_run\": false"
            + " revokes.", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Incident(
            @Schema(nullable = true, maxLength = ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH) String credentialsRef,
            @Deprecated @Schema(nullable = true, deprecated = true, description = "The old name of credentials_ref.",
                    maxLength = ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH) String connectedApp,
            @Schema(nullable = true, maxLength = ConnectionRequests.MAX_USERNAME_LENGTH, example = "integration@acme.example") String username,
            @Schema(nullable = true, maxLength = ConnectionRequests.MAX_LOGIN_HOST_LENGTH, description = "A login host or instance URL.")
            String org,
            @Schema(nullable = true, description = "Defaults to true: only false revokes.") Boolean dryRun) {
    }
}
