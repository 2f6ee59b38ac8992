package dev.sfbroker.api;

import dev.sfbroker.token.AccessDeniedException;
import dev.sfbroker.token.ConcurrentChangeException;
import dev.sfbroker.token.ConnectionExistsException;
import dev.sfbroker.token.ConnectionInactiveException;
import dev.sfbroker.token.ConnectionNotFoundException;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.InvalidAuthorizationException;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.NotRetryableException;
import dev.sfbroker.token.TokenUnavailableException;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates the token lifecycle's exceptions into the API's JSON errors. */
@Factory
final class ApiExceptionHandlers {

    @Singleton
    ExceptionHandler<UnauthenticatedException, HttpResponse<ApiError>> unauthenticated() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.UNAUTHORIZED)
                .body(ApiError.of("unauthenticated", e.getMessage()));
    }

    @Singleton
    ExceptionHandler<ConnectionNotFoundException, HttpResponse<ApiError>> notFound() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.NOT_FOUND)
                .body(ApiError.of("connection_not_found", "No connection '" + e.connectionId()
                        + "' is registered; check the id, or register the connection first.", e.connectionId()));
    }

    @Singleton
    ExceptionHandler<AccessDeniedException, HttpResponse<ApiError>> accessDenied() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN)
                .body(ApiError.of("caller_not_allowed", e.caller().principal() + " is not allowed to fetch connection '"
                        + e.connectionId() + "'; add the caller's role ARN to the connection's allowed principals.", e.connectionId()));
    }

    @Singleton
    ExceptionHandler<OpsOnlyException, HttpResponse<ApiError>> opsOnly() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN).body(ApiError.of("ops_only", e.getMessage()));
    }

    @Singleton
    ExceptionHandler<InvalidAuthorizationException, HttpResponse<ApiError>> invalidAuthorization() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(ApiError.of("invalid_authorization",
                e.getMessage()));
    }

    @Singleton
    ExceptionHandler<ConcurrentChangeException, HttpResponse<ApiError>> concurrentChange() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("concurrent_change",
                "Connection '" + e.connectionId() + "' changed while this request ran; nothing was written. Retry.", e.connectionId()));
    }

    @Singleton
    ExceptionHandler<ConnectionInactiveException, HttpResponse<ApiError>> inactive() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of(
                "connection_" + e.state().name().toLowerCase(),
                "Connection '" + e.connectionId() + "' is " + e.state().name().toLowerCase() + " by an operator; no token is served"
                        + " until it is enabled or authorised again.", e.connectionId()));
    }

    @Singleton
    ExceptionHandler<NotRetryableException, HttpResponse<ApiError>> notRetryable() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("connection_not_retryable",
                e.getMessage(), e.connectionId()));
    }

    @Singleton
    ExceptionHandler<InvalidRequestException, HttpResponse<ApiError>> invalidRequest() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(ApiError.of(JsonErrorResponses.INVALID_REQUEST,
                e.getMessage()));
    }

    @Singleton
    ExceptionHandler<BodyTooLargeException, HttpResponse<ApiError>> bodyTooLarge() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(ApiError.of(
                JsonErrorResponses.BODY_TOO_LARGE, e.getMessage()));
    }

    @Singleton
    ExceptionHandler<ConnectionExistsException, HttpResponse<ApiError>> connectionExists() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("connection_exists",
                "Connection '" + e.connectionId() + "' exists already; change it with PUT or PATCH, or delete it first.",
                e.connectionId()));
    }

    /**
     * DynamoDB (or KMS) still failing after the SDK's retries: throttling, 5xx, or no answer. Not a bug, and a fetch is
     * safe to repeat, so the caller is told to retry rather than handed an internal error.
     */
    @Singleton
    ExceptionHandler<SdkException, HttpResponse<ApiError>> storageUnavailable() {
        return (request, e) -> HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(ApiError.of("storage_unavailable", "The broker's storage (DynamoDB, KMS) did not answer in time; retry shortly."));
    }

    @Singleton
    ExceptionHandler<TokenUnavailableException, HttpResponse<ApiError>> tokenUnavailable() {
        return ApiExceptionHandlers::tokenUnavailable;
    }

    /** Seconds until the broker calls Salesforce for the connection again, rounded up; {@code otherwise} when unknown. */
    private static String retryAfter(TokenUnavailableException e, long otherwise) {
        return Long.toString(e.retryIn().map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000)).orElse(otherwise));
    }

    private static HttpResponse<ApiError> tokenUnavailable(HttpRequest<?> request, TokenUnavailableException e) {
        Failure failure = e.failure();
        String connection = e.connectionId();
        return switch (failure.failureClass()) {
            case TERMINAL -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("connection_needs_reauthorization",
                    "Connection '" + connection + "' needs re-authorisation; the broker stopped calling Salesforce for it.", connection, failure));
            case MISCONFIGURED -> HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("connection_misconfigured",
                    "Connection '" + connection + "' is misconfigured; the broker stopped calling Salesforce for it.", connection, failure));
            case RATE_LIMITED -> HttpResponse.<ApiError>status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", retryAfter(e, 300))
                    .body(ApiError.of("salesforce_rate_limited",
                            "Salesforce is limiting logins for connection '" + connection + "'; retry later.", connection, failure));
            case BUDGET_EXHAUSTED -> HttpResponse.<ApiError>status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", retryAfter(e, 60))
                    .body(ApiError.of("login_budget_exhausted", "The Salesforce user of connection '" + connection + "' has used up its"
                            + " login budget for this hour, so the broker did not call Salesforce; retry after Retry-After seconds.",
                            connection, failure));
            case TRANSIENT, OUTCOME_UNKNOWN -> HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(ApiError.of("salesforce_unavailable",
                            "Salesforce could not issue a token for connection '" + connection + "' just now; retry shortly.", connection, failure));
        };
    }
}
