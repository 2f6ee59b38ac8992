package dev.sfbroker.token;

/** The Salesforce user a new token belongs to, as Salesforce's identity service reports it: who approved the app. */
public record Approver(String username, String organizationId, String userId) {

    /** Whether this is the connection's user (Salesforce usernames are unique across every org, so the org matches too). */
    public boolean is(Connection connection) {
        return username != null && username.equalsIgnoreCase(connection.username());
    }

    /** The approver in Salesforce's ids: how Salesforce lists its approvals. */
    public SalesforceUser salesforceUser() {
        return new SalesforceUser(organizationId, userId);
    }
}
