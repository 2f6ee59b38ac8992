package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.Set;

/**
 * A user's own approval of a connected app that included a refresh token), recorded
 * directly with {@link SimConnectedApp#recordSelfApproval(SimUser)}: no token, no approval slot. The JWT
 * flow accepts a user with such an approval even when the app does not pre-authorize them; it accepts
 * one with a live {@link SimGrant} from the web server flow alike.
 */
public record SimApproval(SimUser user, SimConnectedApp app, Set<String> scopes, Instant approvedAt) {

    public SimApproval {
        scopes = Set.copyOf(scopes);
    }
}
