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

    static StoredToken of(TokenSet token, Grant grant) {
        return new StoredToken(token.accessToken().reveal(), token.instanceUrl(), token.tokenType(),
                token.issuedAt().toEpochMilli(), token.expiresAt().toEpochMilli(), token.renewAt().toEpochMilli(),
                grant == null ? null : grant.refreshToken().reveal(), grant != null && grant.rotates());
    }

    TokenSet toTokenSet() {
        return new TokenSet(Secret.of(accessToken), instanceUrl, tokenType, Instant.ofEpochMilli(issuedAtMillis),
                Instant.ofEpochMilli(expiresAtMillis), Instant.ofEpochMilli(renewAtMillis));
    }

    Grant toGrant() {
        return refreshToken == null ? null : new Grant(Secret.of(refreshToken), rotates);
    }

    @Override
    public String toString() {
        return "StoredToken[redacted]";
    }
}
