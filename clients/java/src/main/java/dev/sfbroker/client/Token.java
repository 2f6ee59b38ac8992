package dev.sfbroker.client;

import java.time.Instant;

/**
 * A token the broker served: send {@code accessToken} as {@code Authorization: Bearer …} to {@code instanceUrl}. The
 * fingerprint names the token when it is reported as rejected; {@link #toString()} never shows the token.
 */
public record Token(String accessToken, String instanceUrl, String tokenType, Instant issuedAt, Instant expiresAt, String fingerprint) {

    @Override
    public String toString() {
        return "Token[fingerprint=" + fingerprint + ", instanceUrl=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
}
