package dev.sfbroker.token;

import java.util.List;

/** Salesforce's list of connected app approvals ({@code OauthToken}), read with a user's access token. */
public interface ApprovalsReader {

    /**
     * Every approval the token's user may see: its own, and every user's of the org when it has "Customize Application".
     *
     * @throws ApprovalsUnreadableException when Salesforce does not list them (no permission, no answer)
     */
    List<SalesforceApproval> approvals(TokenSet token) throws ApprovalsUnreadableException;
}
