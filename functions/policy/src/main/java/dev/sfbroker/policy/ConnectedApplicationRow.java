package dev.sfbroker.policy;

/**
 * One row of Salesforce's {@code ConnectedApplication} object. The refresh token
 * policy is only partly visible here (no unit, no "infinite" versus "zero"), which is why the audit also reads
 * the app's metadata ({@link ConnectedAppSettings#refreshTokenPolicy()}).
 *
 * @param optionsAllowAdminApprovedUsersOnly "Admin approved users are pre-authorized"
 * @param optionsRefreshTokenValidityMetric  true when the refresh token expires after inactivity, false after a lifetime
 * @param refreshTokenValidityPeriod         the N of {@code specific_lifetime}/{@code specific_inactivity}; null for {@code infinite} and {@code zero}
 */
public record ConnectedApplicationRow(
        String id,
        String name,
        boolean optionsAllowAdminApprovedUsersOnly,
        boolean optionsRefreshTokenValidityMetric,
        Integer refreshTokenValidityPeriod) {
}
