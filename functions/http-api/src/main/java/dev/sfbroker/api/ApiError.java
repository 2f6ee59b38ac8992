package dev.sfbroker.api;

import dev.sfbroker.token.Failure;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error the API returns: a stable machine-readable {@code error} code, a message a person
 * can act on, and for Salesforce failures the classification, Salesforce's own error, the cause and the fix.
 * Absent fields are omitted. The {@code error} codes listed here are the API's contract (the OpenAPI document's enum):
 * a new code is one more line in the list.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "Error", description = "Every error the API answers.", requiredProperties = {"error", "message"})
public record ApiError(
        @Schema(description = "A stable code to match on; the README lists when each is answered.", allowableValues = {
                "invalid_request",
                "invalid_authorization",
                "authorization_denied",
                "unauthenticated",
                "caller_not_allowed",
                "ops_only",
                "connection_not_found",
                "route_not_found",
                "method_not_allowed",
                "connection_exists",
                "concurrent_change",
                "connection_revoked",
                "connection_disabled",
                "connection_needs_reauthorization",
                "connection_misconfigured",
                "body_too_large",
                "unsupported_media_type",
                "salesforce_rate_limited",
                "login_budget_exhausted",
                "connection_not_retryable",
                "approval_would_evict_grant",
                "salesforce_unavailable",
                "storage_unavailable",
                "internal_error",
        }, example = "connection_needs_reauthorization")
        String error,
        @Schema(description = "What happened and what to do, for a person.") String message,
        @Schema(nullable = true, description = "The connection the error is about.") String connection,
        @Schema(nullable = true, description = "Salesforce failures: how the broker classified Salesforce's answer.",
                allowableValues = {"TRANSIENT", "OUTCOME_UNKNOWN", "RATE_LIMITED", "BUDGET_EXHAUSTED", "TERMINAL", "MISCONFIGURED"})
        String failureClass,
        @Schema(nullable = true, description = "Salesforce's own error code.", example = "invalid_grant") String salesforceError,
        @Schema(nullable = true, description = "Salesforce's own error description.", example = "user hasn't approved this consumer")
        String salesforceErrorDescription,
        @Schema(nullable = true, description = "Why Salesforce refused, in the broker's words.") String cause,
        @Schema(nullable = true, description = "What to change so it works again.") String fix) {

    public static ApiError of(String error, String message) {
        return new ApiError(error, message, null, null, null, null, null, null);
    }

    public static ApiError of(String error, String message, String connection) {
        return new ApiError(error, message, connection, null, null, null, null, null);
    }

    public static ApiError of(String error, String message, String connection, Failure failure) {
        return new ApiError(error, message, connection, failure.failureClass().name(), failure.salesforceError(),
                failure.salesforceDescription(), failure.cause(), failure.fix());
    }
}
