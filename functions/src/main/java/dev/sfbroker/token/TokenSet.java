package dev.sfbroker.token;

import java.time.Instant;

/** The access token the broker serves for a connection, with its predicted expiry. */
public record TokenSet(Secret accessToken, String instanceUrl, String tokenType, Instant issuedAt, Instant expiresAt) {

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
