package dev.sfbroker.store;

import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/** The plaintext of a token set as sealed into the {@code token} attribute. */
@Serdeable(naming = SnakeCaseStrategy.class)
record StoredToken(String accessToken, String instanceUrl, String tokenType, long issuedAtMillis, long expiresAtMillis,
                   long renewAtMillis) {

    static StoredToken of(TokenSet token) {
        return new StoredToken(token.accessToken().reveal(), token.instanceUrl(), token.tokenType(),
                token.issuedAt().toEpochMilli(), token.expiresAt().toEpochMilli(), token.renewAt().toEpochMilli());
    }

    TokenSet toTokenSet() {
        return new TokenSet(Secret.of(accessToken), instanceUrl, tokenType, Instant.ofEpochMilli(issuedAtMillis),
                Instant.ofEpochMilli(expiresAtMillis), Instant.ofEpochMilli(renewAtMillis));
    }

    @Override
    public String toString() {
        return "StoredToken[redacted]";
    }
}
