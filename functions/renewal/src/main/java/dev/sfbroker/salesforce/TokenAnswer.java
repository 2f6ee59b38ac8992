package dev.sfbroker.salesforce;

import java.io.IOException;
import java.time.Duration;

/**
 * What an answer of Salesforce's token endpoint proves about the request it answers: the one place that decides
 * which answers are refusals (the README's "Which answers are refusals and which are unknown").
 *
 * <p>Only the token endpoint's own OAuth error proves that Salesforce did not apply a request. Load balancers and
 * gateways in front of it answer 502, 503, 504, 429 or an HTML page after the token endpoint has done the work, so
 * every other answer that came back once the request left leaves its outcome unknown. For a grant that is unsafe to
 * repeat ({@link GrantType#safeToRepeat()}), an unknown outcome must be reconciled before any retry.
 */
sealed interface TokenAnswer {

    /** HTTP 200 with a body that reads as a token response and carries an access token. */
    record Issued(TokenEndpointResponse body) implements TokenAnswer {
    }

    /** HTTP 4xx with an OAuth error body: Salesforce refused, nothing was applied. */
    record Refused(String error, String description) implements TokenAnswer {
    }

    /** The request left, and what came back (said as "answered …" or "did not answer: …") does not say whether Salesforce applied it. */
    record OutcomeUnknown(String answer) implements TokenAnswer {
    }

    /** The connection was never made: Salesforce saw nothing. */
    record NeverSent(String reason) implements TokenAnswer {
    }

    /**
     * @param contentType the answer's {@code Content-Type}, or null
     * @param body the body read as a token response, or null when it is not one (not JSON, truncated, empty)
     */
    static TokenAnswer of(int status, String contentType, TokenEndpointResponse body) {
        if (status == 200 && body != null && body.accessToken() != null) {
            return new Issued(body);
        }
        // error_description is optional in OAuth (RFC 6749); Salesforce sends it, but the error alone is Salesforce's word
        if (status >= 400 && status < 500 && body != null && body.error() != null && !body.error().isBlank()) {
            return new Refused(body.error(), body.errorDescription());
        }
        String answered = "answered HTTP " + status + (contentType == null ? "" : " (" + contentType + ")");
        if (status == 200) {
            return new OutcomeUnknown(answered + (body == null ? " with a body that is not a token response" : " without an access token"));
        }
        return new OutcomeUnknown(answered + " without an OAuth error");
    }

    /** A call that got no answer: unknown once the request may have left (a timeout, a dropped connection). */
    static TokenAnswer of(IOException notAnswered, Duration requestTimeout) {
        String what = NetworkFailure.describe(notAnswered, requestTimeout);
        return NetworkFailure.neverSent(notAnswered) ? new NeverSent(what) : new OutcomeUnknown("did not answer: " + what);
    }
}
