package dev.sfbroker.token;

import java.time.Instant;

/**
 * A change of a connection's state that someone outside the broker may have to act on: it was blocked, needs
 * re-authorising, lost its grant, recovered, or an operator revoked, disabled or enabled it. It names the connection,
 * never a token. The change itself is already stored (the connection's state, its audit event) before the event is
 * published, so an event that cannot be published loses nothing.
 *
 * @param failure what blocked the connection; for {@link Type#RECOVERED}, the failure it recovered from; else null
 * @param auditEventId the audit event that recorded the change, or null if it could not be written
 */
public record ConnectionEvent(Type type, String connectionId, String loginHost, String instanceUrl, String username, Flow flow,
                              ConnectionState previousState, ConnectionState newState, Failure failure, Instant at,
                              String auditEventId) {

    /** What happened; each type is one EventBridge {@code detail-type}, so rules can route on it. */
    public enum Type {
        /** The connection or its connected app is set up wrongly (state {@code MISCONFIGURED}). */
        BLOCKED("ConnectionBlocked"),
        /** Salesforce refused the grant for good (state {@code NEEDS_REAUTH}): a person must authorise it again. */
        NEEDS_REAUTHORIZATION("NeedsReauthorization"),
        /** A refresh whose answer was lost rotated the refresh token: the grant is gone (state {@code NEEDS_REAUTH}). */
        GRANT_LOST("GrantLost"),
        /** A token was issued again after the connection was blocked or its renewals failed. */
        RECOVERED("ConnectionRecovered"),
        /** An operator revoked the connection's grant (state {@code REVOKED}). */
        REVOKED("ConnectionRevoked"),
        /** An operator disabled the connection (state {@code DISABLED}). */
        DISABLED("ConnectionDisabled"),
        /** An operator enabled a disabled connection (state {@code ACTIVE}). */
        ENABLED("ConnectionEnabled");

        private final String detailType;

        Type(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    /** The event for {@code connection} (as it was before the change) moving to {@code newState}. */
    public static ConnectionEvent of(Type type, Connection connection, ConnectionState newState, Failure failure, Instant at,
                                     String auditEventId) {
        return new ConnectionEvent(type, connection.id(), connection.loginHost().url().toString(),
                connection.token() == null ? null : connection.token().instanceUrl(), connection.username(), connection.flow(),
                connection.state(), newState, failure, at, auditEventId);
    }
}
