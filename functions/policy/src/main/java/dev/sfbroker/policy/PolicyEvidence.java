package dev.sfbroker.policy;

import dev.sfbroker.token.Connection;
import dev.sfbroker.token.Flow;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the audit read about one connection: the connected app's metadata (null when it could not be read) and its
 * ConnectedApplication row (null when not found), the org's session timeout (null when the org does not say),
 * the OauthToken rows of the connection's user for that app, how many refresh-token connections the broker holds
 * for that user and app, and the JWT signing key from the connected app secret (null when absent).
 *
 * @param renewalInterval how often the schedule runs: a session shorter than two intervals cannot be kept alive
 * @param staleAfter a grant unused for longer is a revoke candidate
 */
public record PolicyEvidence(Connection connection, String org, ConnectedAppSettings app, ConnectedApplicationRow appRow,
                             Duration orgSessionTimeout, List<OauthTokenRow> grantsOfUserAndApp,
                             int brokerGrantsOfUserAndApp, PrivateKey signingKey, Instant now, Duration renewalInterval,
                             Duration staleAfter) {

    /** The same evidence with the org's session timeout as read. */
    public PolicyEvidence withOrgSessionTimeout(Duration timeout) {
        return new PolicyEvidence(connection, org, app, appRow, timeout, grantsOfUserAndApp, brokerGrantsOfUserAndApp, signingKey, now,
                renewalInterval, staleAfter);
    }

    public boolean refreshTokenFlow() {
        return connection.flow() == Flow.REFRESH_TOKEN;
    }

    /** The session timeout that decides token lifetime: the tighter of the app's and the org's. */
    public Duration effectiveSessionTimeout() {
        Duration appTimeout = app != null && app.sessionTimeoutMinutes() != null ? Duration.ofMinutes(app.sessionTimeoutMinutes()) : null;
        if (appTimeout == null || orgSessionTimeout == null) {
            return appTimeout != null ? appTimeout : orgSessionTimeout;
        }
        return appTimeout.compareTo(orgSessionTimeout) <= 0 ? appTimeout : orgSessionTimeout;
    }

    public String appName() {
        return app != null ? app.fullName() : connection.credentialsRef();
    }
}
