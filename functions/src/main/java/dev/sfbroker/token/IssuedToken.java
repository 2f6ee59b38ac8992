package dev.sfbroker.token;

import java.time.Instant;

/** What Salesforce's token endpoint returned, before the broker predicts its expiry. */
public record IssuedToken(Secret accessToken, String instanceUrl, String tokenType, Instant issuedAt) {
}
