package dev.sfbroker.simulator;

/** Whether an org is a production org (logs in at login.salesforce.com) or a sandbox (test.salesforce.com). */
public enum OrgType {
    PRODUCTION("https://login.salesforce.com"),
    SANDBOX("https://test.salesforce.com");

    private final String loginUrl;

    OrgType(String loginUrl) {
        this.loginUrl = loginUrl;
    }

    /** The login host URL; also the JWT {@code aud} the org accepts. */
    public String loginUrl() {
        return loginUrl;
    }
}
