package dev.sfbroker.token;

/**
 * A refresh-token connection's grant: the current refresh token, and whether Salesforce rotates it (learned
 * from the first refresh that returned a new one). Stored encrypted with the access token.
 */
public record Grant(Secret refreshToken, boolean rotates) {

    /** The grant after a refresh: the rotated refresh token if Salesforce sent one, else the same one. */
    public Grant after(IssuedToken issued) {
        return issued.refreshToken() == null ? this : new Grant(issued.refreshToken(), true);
    }
}
