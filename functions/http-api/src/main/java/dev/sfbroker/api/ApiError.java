package dev.sfbroker.api;

import dev.sfbroker.token.Failure;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The body of every error the API returns: a stable machine-readable {@code error} code, a message a person
 * can act on, and for Salesforce failures the classification, Salesforce's own error, the cause and the fix.
 * Absent fields are omitted.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ApiError(
        String error,
        String message,
        String connection,
        String failureClass,
        String salesforceError,
        String salesforceErrorDescription,
        String cause,
        String fix) {

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
