package dev.sfbroker.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Shapes the framework's own errors (unknown route, wrong method, bad input, unexpected failure) as
 * {@link ApiError} JSON with a stable code. An unexpected failure never shows its exception to the caller.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class JsonErrorResponses implements ErrorResponseProcessor<ApiError> {

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        String detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(response.reason());
        ApiError body = switch (status) {
            case 400 -> ApiError.of("bad_request", detail);
            case 404 -> ApiError.of("route_not_found", "No such route: " + context.getRequest().getMethodName() + " "
                    + context.getRequest().getPath() + ". The token route is GET /connections/{id}/token.");
            case 405 -> ApiError.of("method_not_allowed", "Method " + context.getRequest().getMethodName() + " is not allowed on "
                    + context.getRequest().getPath() + ".");
            case 406, 415 -> ApiError.of("unsupported_media_type", detail);
            default -> status >= 500
                    ? ApiError.of("internal_error", "The broker failed unexpectedly; the error is in its log. Retry, and report it if it persists.")
                    : ApiError.of("http_" + status, detail);
        };
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
