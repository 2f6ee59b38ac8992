package dev.sfbroker.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The error responses the OpenAPI document lists, grouped as routes share them. */
public final class DocumentedErrors {
    private DocumentedErrors() {
    }

    /** Any route that needs a caller and may name a connection. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ApiResponse(responseCode = "400", description = "invalid_request: the body, path or query cannot work; the message says what to send",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "unauthenticated: the request carries no IAM identity",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "connection_not_found (no such connection) or route_not_found",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "406", description = "unsupported_media_type: the Accept header excludes JSON",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "concurrent_change (nothing was written, retry), connection_exists,"
            + " connection_revoked, connection_disabled, connection_needs_reauthorization or connection_misconfigured",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "413", description = "body_too_large: a body over 64 KiB, or a request line or headers over the"
            + " server's limits", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "salesforce_unavailable or storage_unavailable: retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface Common {
    }

    /** Ops routes: the caller must be an operator. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ApiResponse(responseCode = "403", description = "ops_only: the caller is not in broker.ops.principals",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface OpsOnly {
    }

    /** Routes that take a JSON body. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ApiResponse(responseCode = "415", description = "unsupported_media_type: a body that is not application/json",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface WithBody {
    }

    /** Routes that may log in to Salesforce. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ApiResponse(responseCode = "429", description = "salesforce_rate_limited (Salesforce is limiting the user's logins) or login_budget_exhausted"
            + " (the broker's hourly budget for the user is used up): retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface RateLimited {
    }
}
