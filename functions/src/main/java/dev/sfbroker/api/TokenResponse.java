package dev.sfbroker.api;

import dev.sfbroker.token.TokenSet;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** A served token: what integration code needs to call Salesforce, with ISO-8601 UTC times. */
@Serdeable(naming = SnakeCaseStrategy.class)
record TokenResponse(String accessToken, String instanceUrl, String tokenType, String issuedAt, String expiresAt) {

    static TokenResponse of(TokenSet token) {
        return new TokenResponse(token.accessToken().reveal(), token.instanceUrl(), token.tokenType(),
                token.issuedAt().toString(), token.expiresAt().toString());
    }

    @Override
    public String toString() {
        return "TokenResponse[instanceUrl=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
}
