package dev.sfbroker.store;

import dev.sfbroker.token.Grant;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * The plaintext sealed into the {@code token} attribute: the served token set and, for refresh-token
 * connections, the grant. One blob, so a rotated refresh token and its access token land in one write.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record StoredToken(String accessToken, String instanceUrl, String tokenType, long issuedAtMillis, long expiresAtMillis,
                   long renewAtMillis, String refreshToken, boolean rotates) {

    /** @param token the served token, or null when only the grant is kept (its access token was revoked) */
    static StoredToken of(TokenSet token, Grant grant) {
        return new StoredToken(token == null ? null : token.accessToken().reveal(), token == null ? null : token.instanceUrl(),
                token == null ? null : token.tokenType(), token == null ? 0 : token.issuedAt().toEpochMilli(),
                token == null ? 0 : token.expiresAt().toEpochMilli(), token == null ? 0 : token.renewAt().toEpochMilli(),
                grant == null ? null : grant.refreshToken().reveal(), grant != null && grant.rotates());
    }

    TokenSet toTokenSet() {
        return accessToken == null ? null : new TokenSet(Secret.of(accessToken), instanceUrl, tokenType,
                Instant.ofEpochMilli(issuedAtMillis), Instant.ofEpochMilli(expiresAtMillis), Instant.ofEpochMilli(renewAtMillis));
    }

    Grant toGrant() {
        return refreshToken == null ? null : new Grant(Secret.of(refreshToken), rotates);
    }

    @Override
    public String toString() {
        return "StoredToken[redacted]";
    }
}
