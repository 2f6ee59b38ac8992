package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.Objects;

/** What a {@link SimFault} does to a call. */
public sealed interface FaultAction {

    /** The body {@link FaultPlan#failWith(int)} answers with: an HTML maintenance page, like a real outage. */
    String MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html><head><title>Service Unavailable</title></head>
            <body><h1>Service Unavailable</h1>
            <p>Salesforce is down for maintenance. We apologize for the inconvenience; please try again later.</p>
            </body></html>
            """;
    /**
     * The body {@link FaultPlan#gatewayTimeoutAfterApply()} answers with: a gateway's HTML page, such as
     * a proxy in front of the server sends when the server's answer took too long.
     */
    String GATEWAY_TIMEOUT_PAGE = "<html><body><h1>504 Gateway Time-out</h1></body></html>";
    String HTML = "text/html;charset=UTF-8";

    /** A fault that decides how the call ends, instead of the normal answer: at most one per call. */
    sealed interface Outcome extends FaultAction {
    }

    /**
     * Waits {@code delay}, then handles the call as usual. Latencies add up, and combine with one other fault.
     * A token request waits in processing, holding its lock, so a concurrent one can be refused.
     */
    record Latency(Duration delay) implements FaultAction {
        public Latency {
            requireNonNegative(delay);
        }
    }

    /** Answers {@code status} with this body instead of handling the call: nothing changes in the simulator. */
    record Fail(int status, String contentType, String body) implements Outcome {
        public Fail {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a failure needs a 4xx or 5xx status, not " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Holds the call unanswered for {@code hold}, then closes the connection: nothing is handled or sent. */
    record Timeout(Duration hold) implements Outcome {
        public Timeout {
            requireNonNegative(hold);
        }
    }

    /**
     * Handles the call for real (a token is issued, a session's timer reset), then drops the
     * connection without sending a byte: the client sees an I/O error although the change was applied.
     */
    record LoseResponse() implements Outcome {
    }

    /**
     * Handles the call for real (a token is issued, a refresh token rotated, a grant revoked), then
     * throws the real answer away and sends {@code status} with this body instead: what a client sees
     * when a gateway gives up on an answer the server still produced, or a truncated body arrives.
     */
    record AnswerAfterApply(int status, String contentType, String body) implements Outcome {
        public AnswerAfterApply {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("an answer needs a status from 200 to 599, not " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    private static void requireNonNegative(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative: " + duration);
        }
    }
}
