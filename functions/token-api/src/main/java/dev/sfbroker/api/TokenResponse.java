package dev.sfbroker.api;

import dev.sfbroker.token.TokenSet;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A served token: what integration code needs to call Salesforce, with ISO-8601 UTC times, and the token's
 * fingerprint, by which a caller reports the token if Salesforce rejects it.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record TokenResponse(String accessToken, String instanceUrl, String tokenType, String issuedAt, String expiresAt,
                     String fingerprint) {

    static TokenResponse of(TokenSet token) {
        return new TokenResponse(token.accessToken().reveal(), token.instanceUrl(), token.tokenType(),
                token.issuedAt().toString(), token.expiresAt().toString(), token.fingerprint());
    }

    @Override
    public String toString() {
        return "TokenResponse[instanceUrl=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
}
