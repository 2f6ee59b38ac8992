package dev.sfbroker.token;

import java.time.Instant;

/**
 * A classified failure to obtain a token: Salesforce's own error and description (when it answered),
 * what it means, and what a person should do about it.
 */
public record Failure(
        FailureClass failureClass,
        String salesforceError,
        String salesforceDescription,
        String cause,
        String fix,
        Instant at) {
}
