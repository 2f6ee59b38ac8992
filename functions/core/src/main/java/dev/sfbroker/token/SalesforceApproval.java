package dev.sfbroker.token;

import java.time.Instant;

/**
 * One live approval of a connected app by a Salesforce user, as Salesforce lists it ({@code OauthToken}): one per
 * refresh-token grant, whoever holds it (the broker, another tool, a person's app).
 *
 * @param appName            the connected app's name as Salesforce shows it
 * @param lastUsedDate       the approval, then each refresh; null if Salesforce shows none
 * @param refreshTokenShown  the start of the grant's current refresh token, as Salesforce shows it ({@code AccessToken},
 *                           ending in {@code ...}): enough to recognise a grant the broker holds, and kept as a secret
 * @param deleteToken        revokes the grant at the revoke endpoint ({@code DeleteToken}); null if Salesforce shows none
 */
public record SalesforceApproval(String userId, String appName, Instant createdDate, Instant lastUsedDate, Secret refreshTokenShown,
                                 Secret deleteToken) {
    private static final String SHORTENED = "...";

    /** Whether this is the approval behind {@code grant}: its refresh token starts as Salesforce shows it. */
    public boolean isOf(Grant grant) {
        if (grant == null || refreshTokenShown == null) {
            return false;
        }
        String shown = refreshTokenShown.reveal();
        String start = shown.endsWith(SHORTENED) ? shown.substring(0, shown.length() - SHORTENED.length()) : shown;
        return !start.isEmpty() && grant.refreshToken().reveal().startsWith(start);
    }
}
