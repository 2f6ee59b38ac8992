package dev.sfbroker.simulator;

import java.util.Objects;

/**
 * An OAuth error as the token endpoint returns it: HTTP {@code status} with the JSON object
 * {@code {"error": error, "error_description": description}}.
 * The catalog of values Salesforce uses is in {@link OAuthErrors}.
 */
public record OAuthError(String error, String description, int status) {

    public OAuthError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(description, "description");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error needs a 4xx or 5xx status, not " + status);
        }
    }

    /** The usual shape: HTTP 400. */
    public static OAuthError of(String error, String description) {
        return new OAuthError(error, description, 400);
    }
}
