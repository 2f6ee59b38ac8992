package dev.sfbroker.salesforce;

/**
 * The grants the broker asks Salesforce's token endpoint for, and whether asking twice is harmless. A refresh may
 * rotate the refresh token (the broker cannot see the connected app's setting), so presenting the same one again
 * after an applied refresh is a reuse and revokes the grant; a code exchange may have created a grant. A JWT bearer
 * login keeps no state at Salesforce between calls and may simply be repeated.
 */
public enum GrantType {
    JWT_BEARER("urn:ietf:params:oauth:grant-type:jwt-bearer", true),
    REFRESH_TOKEN("refresh_token", false),
    AUTHORIZATION_CODE("authorization_code", false);

    private final String wireName;
    private final boolean safeToRepeat;

    GrantType(String wireName, boolean safeToRepeat) {
        this.wireName = wireName;
        this.safeToRepeat = safeToRepeat;
    }

    /** The {@code grant_type} form value. */
    public String wireName() {
        return wireName;
    }

    /** True when repeating a request Salesforce may already have applied cannot harm the grant. */
    public boolean safeToRepeat() {
        return safeToRepeat;
    }
}
