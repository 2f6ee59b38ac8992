package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.Optional;

/** How a connected app's session timeout combines with its user's org's ({@link SimSettings#sessionTimeoutRule()}). */
public enum SessionTimeoutRule {

    /**
     * The tighter of the two: an app timeout can shorten sessions but not lengthen them past the
     * org's ("the tighter of the connected app's and the org's session timeout"). The default.
     */
    TIGHTER_OF_APP_AND_ORG {
        @Override
        public Duration effective(Optional<Duration> app, Duration org) {
            return app.filter(a -> a.compareTo(org) < 0).orElse(org);
        }
    },

    /** The app's when it sets one, else the org's. */
    APP_OVERRIDES_ORG {
        @Override
        public Duration effective(Optional<Duration> app, Duration org) {
            return app.orElse(org);
        }
    };

    /** The timeout in force for a session, from the app's own (if set) and the org's. */
    public abstract Duration effective(Optional<Duration> app, Duration org);
}
