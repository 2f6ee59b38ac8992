package dev.sfbroker.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Shapes the framework's own errors (unknown route, wrong method, unreadable input, unexpected failure) as
 * {@link ApiError} JSON with a stable code. The framework's messages name its parser and Java types, so none is
 * passed on: each code has a message that says what to send instead.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class JsonErrorResponses implements ErrorResponseProcessor<ApiError> {
    static final String INVALID_REQUEST = "invalid_request";
    static final String BODY_TOO_LARGE = "body_too_large";

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        String route = context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        ApiError body = switch (status) {
            case 404 -> ApiError.of("route_not_found", "No such route: " + route + ". The token route is GET /connections/{id}/token;"
                    + " the ops routes are under /ops (see the README).");
            case 405 -> ApiError.of("method_not_allowed", "Method " + context.getRequest().getMethodName() + " is not allowed on "
                    + context.getRequest().getPath() + "; see the README for the methods each route takes.");
            case 406, 415 -> ApiError.of("unsupported_media_type", "Send request bodies as JSON (Content-Type: application/json)"
                    + " and accept JSON answers (Accept: application/json).");
            case 413 -> ApiError.of(BODY_TOO_LARGE, "The body is larger than " + JsonRequest.MAX_BODY_BYTES / 1024
                    + " KiB, the most any route accepts; send only the fields the route documents.");
            default -> status >= 500
                    ? ApiError.of("internal_error", "The broker failed unexpectedly; the error is in its log. Retry, and report it if it persists.")
                    : ApiError.of(INVALID_REQUEST, "The request to " + route + " could not be read: check its path, query values and"
                    + " JSON body against the README.");
        };
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
