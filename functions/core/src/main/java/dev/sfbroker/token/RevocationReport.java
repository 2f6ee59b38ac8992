package dev.sfbroker.token;

/**
 * What revoking one connection did.
 *
 * @param revokedAtSalesforce Salesforce confirmed the revocation, or reports the token inactive already
 * @param verifiedInactive introspection says the access token is inactive (true), still active (false), or cannot tell (null)
 * @param purged the broker's stored tokens were removed
 * @param detail what happened, in words
 */
public record RevocationReport(String connectionId, RevocationTarget target, boolean revokedAtSalesforce, Boolean verifiedInactive,
                               boolean purged, String detail) {
}
