package dev.sfbroker.policy;

import java.time.Instant;

/**
 * One row of Salesforce's {@code OauthToken} object: a live approval of a connected
 * app by a user, with its refresh token. Only what the audit needs: the token values themselves (the shortened
 * refresh token, the delete token that revokes the grant) are never kept, only whether a delete token exists.
 *
 * @param appName         the connected app's name (label)
 * @param lastUsedDate    the approval, then each refresh; null if Salesforce shows none
 * @param useCount        refreshes made with the grant; 0 when Salesforce shows none
 * @param hasDeleteToken  whether the row can be revoked through the revoke endpoint
 */
public record OauthTokenRow(
        String userId,
        String appName,
        Instant createdDate,
        Instant lastUsedDate,
        long useCount,
        boolean hasDeleteToken) {
}
