package dev.sfbroker.token;

import java.time.Instant;

/**
 * The access token the broker serves for a connection, with its predicted expiry and the time its renewal
 * becomes due (ahead of the expiry).
 */
public record TokenSet(Secret accessToken, String instanceUrl, String tokenType, Instant issuedAt, Instant expiresAt,
                       Instant renewAt) {

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean isDueAt(Instant now) {
        return !now.isBefore(renewAt);
    }

    /** Identifies the token without revealing it: callers report a rejected token by this, logs and audit show it. */
    public String fingerprint() {
        return Fingerprint.of(accessToken);
    }
}
