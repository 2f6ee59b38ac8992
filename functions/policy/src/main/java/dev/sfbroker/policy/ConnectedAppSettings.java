package dev.sfbroker.policy;

import java.util.List;

/**
 * A connected app's OAuth policy as the Metadata API's {@code ConnectedApp} type shows it: what the policy audit judges. Values keep Salesforce's own metadata spelling, so a finding can quote
 * the setting exactly as an administrator sees it in a retrieved {@code .connectedApp} file.
 *
 * @param consumerKey             null when Salesforce did not return one
 * @param adminApproved           "Admin approved users are pre-authorized"; false: users self-authorize
 * @param profiles                profiles assigned to an admin-approved app; empty otherwise
 * @param permissionSets          permission sets assigned to an admin-approved app; empty otherwise
 * @param scopes                  metadata scope names ({@code Api}, {@code RefreshToken}, {@code OpenID}, …)
 * @param callbackUrl             null when the app has none
 * @param certificatePem          the "Use digital signatures" certificate; null when the app has none
 * @param ipRelaxation            {@code ENFORCE}, {@code BYPASS}, {@code BYPASS_2FACTOR} or {@code ENFORCE_RELAXREFRESH}
 * @param refreshTokenPolicy      {@code infinite}, {@code zero}, {@code specific_lifetime:3:HOURS}, {@code specific_inactivity:30:DAYS}
 * @param sessionTimeoutMinutes   the app's own session timeout; null when the app leaves it to the profile or org
 */
public record ConnectedAppSettings(
        String fullName,
        String label,
        String consumerKey,
        boolean adminApproved,
        List<String> profiles,
        List<String> permissionSets,
        boolean secretRequiredForRefreshToken,
        boolean introspectAllTokens,
        boolean refreshTokenRotation,
        boolean pkceRequired,
        List<String> scopes,
        String callbackUrl,
        String certificatePem,
        String ipRelaxation,
        String refreshTokenPolicy,
        Integer sessionTimeoutMinutes) {

    public ConnectedAppSettings {
        profiles = List.copyOf(profiles);
        permissionSets = List.copyOf(permissionSets);
        scopes = List.copyOf(scopes);
    }
}
