package dev.sfbroker.api;

import dev.sfbroker.token.TokenSet;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A served token: what integration code needs to call Salesforce, with ISO-8601 UTC times, and the token's
 * fingerprint, by which a caller reports the token if Salesforce rejects it.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "Token", requiredProperties = {"access_token", "instance_url", "token_type", "issued_at", "expires_at", "fingerprint"})
record TokenResponse(@Schema(description = "Send as Authorization: Bearer …", example = "00D5g000004SRe1!AQ4AQ…") String accessToken,
                     @Schema(description = "Where to send API calls.", example = "https://acme.my.salesforce.com") String instanceUrl,
                     @Schema(example = "Bearer") String tokenType,
                     @Schema(format = "date-time", example = "2026-11-22T16:15:09.508Z") String issuedAt,
                     @Schema(format = "date-time", description = "Predicted: Salesforce sends no expires_in.",
                             example = "2026-11-22T18:15:09.508Z") String expiresAt,
                     @Schema(description = "The first 16 hex digits of the token's SHA-256: how to name it when reporting it.",
                             pattern = "^[0-9a-f]{16}$", example = "3f1c0e9a7b2d4c85") String fingerprint) {

    static TokenResponse of(TokenSet token) {
        return new TokenResponse(token.accessToken().reveal(), token.instanceUrl(), token.tokenType(),
                token.issuedAt().toString(), token.expiresAt().toString(), token.fingerprint());
    }

    @Override
    public String toString() {
        return "TokenResponse[instanceUrl=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
}
