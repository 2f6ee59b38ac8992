package dev.sfbroker.token;

import java.time.Instant;

/**
 * What Salesforce's token endpoint returned, before the broker predicts its expiry.
 *
 * @param refreshToken a refresh token, when Salesforce issued one (code exchange, or a refresh with rotation on); else null
 * @param identityUrl Salesforce's identity URL of the token's user ({@code id}: {@code https://…/id/{orgId}/{userId}}), or null
 */
public record IssuedToken(Secret accessToken, String instanceUrl, String tokenType, Instant issuedAt, Secret refreshToken,
                          String identityUrl) {
}
