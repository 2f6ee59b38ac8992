package dev.sfbroker.token;

import java.time.Duration;
import java.util.List;

/**
 * The session timeouts Salesforce offers (Session Settings, profiles and connected apps share one list). An access
 * token lives for its session timeout, so a connection configured with any other value would predict its expiry
 * wrongly: too short means a Salesforce login on every fetch, too long means serving dead tokens.
 */
public final class SessionTimeouts {
    public static final List<Duration> OFFERED = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60),
            Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofHours(24));

    /** The longest session Salesforce allows: no learned or configured timeout may exceed it. */
    public static final Duration LONGEST = Duration.ofHours(24);

    private SessionTimeouts() {
    }

    /** A timeout an operator configures: null (the learned or default one) or one Salesforce offers. */
    public static Duration requireOffered(Duration timeout) {
        if (timeout != null && !OFFERED.contains(timeout)) {
            throw new InvalidRequestException("session_timeout_minutes must be one of the session timeouts Salesforce offers: "
                    + String.join(", ", OFFERED.stream().map(d -> Long.toString(d.toMinutes())).toList())
                    + " (minutes); leave it out to use the learned or default timeout");
        }
        return timeout;
    }
}
