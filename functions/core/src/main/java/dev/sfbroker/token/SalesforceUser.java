package dev.sfbroker.token;

import java.util.Objects;

/**
 * A connection's Salesforce user in Salesforce's own ids, as the identity URL of a token it approved names them
 * ({@code https://…/id/{orgId}/{userId}}). Salesforce lists a user's approvals ({@code OauthToken}) by this user id.
 */
public record SalesforceUser(String orgId, String userId) {

    public SalesforceUser {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(userId, "userId");
    }
}
