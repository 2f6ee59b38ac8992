package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JSON fields of orgs, users and connected apps in the control API: one field per model
 * setting, mapped to its getter and setter. Users and orgs named in a field (pre-authorized users,
 * orgs an external client app is installed in) must exist. Grants are read-only, and show a
 * fingerprint of their refresh token, never the token.
 */
final class ModelJson {

    /** A grant's state in the control API: revoked, or its refresh token refused by the app's policy now, or live. */
    enum GrantState {
        LIVE, EXPIRED, REVOKED;

        static GrantState of(SimGrant grant, Instant now) {
            if (grant.isRevoked()) {
                return REVOKED;
            }
            return grant.refreshToken().isPresent() && !grant.refreshTokenUsableAt(now) ? EXPIRED : LIVE;
        }
    }

    final JsonFields<SimOrg> org;
    final JsonFields<SimUser> user;
    final JsonFields<SimConnectedApp> app;
    final JsonFields<SimGrant> grant;

    ModelJson(SalesforceSimulator sim) {
        JsonCodec<SimUser> userByName = lookup("user", sim::user, SimUser::username);
        JsonCodec<SimOrg> orgById = lookup("org", sim::org, SimOrg::id);

        org = new JsonFields<SimOrg>()
                .readOnly("id", JsonCodec.STRING, SimOrg::id)
                .readOnly("id15", JsonCodec.STRING, SimOrg::id15)
                .readOnly("name", JsonCodec.STRING, SimOrg::name)
                .readOnly("type", JsonCodec.enumOf(OrgType.class), SimOrg::type)
                .readOnly("loginUrl", JsonCodec.STRING, SimOrg::loginUrl)
                .readOnly("instanceUrl", JsonCodec.STRING, SimOrg::instanceUrl)
                .field("active", JsonCodec.BOOLEAN, SimOrg::isActive, SimOrg::active)
                .field("sessionTimeout", JsonCodec.POSITIVE_DURATION, SimOrg::sessionTimeout, SimOrg::sessionTimeout)
                .field("myDomain", JsonCodec.STRING.nullable(), o -> o.myDomain().orElse(null), SimOrg::myDomain)
                .readOnly("users", JsonCodec.STRINGS, o -> o.users().stream().map(SimUser::username).toList())
                .readOnly("connectedApps", JsonCodec.STRINGS,
                        o -> o.connectedApps().stream().map(SimConnectedApp::consumerKey).toList());

        user = new JsonFields<SimUser>()
                .readOnly("id", JsonCodec.STRING, SimUser::id)
                .readOnly("orgId", JsonCodec.STRING, u -> u.org().id())
                .readOnly("username", JsonCodec.STRING, SimUser::username)
                .field("profile", JsonCodec.STRING, SimUser::profile, SimUser::profile)
                .field("active", JsonCodec.BOOLEAN, SimUser::isActive, SimUser::active)
                .field("ipRestricted", JsonCodec.BOOLEAN, SimUser::isIpRestricted, SimUser::ipRestricted)
                .field("customizeApplication", JsonCodec.BOOLEAN, SimUser::hasCustomizeApplication,
                        SimUser::customizeApplication)
                .field("modifyMetadata", JsonCodec.BOOLEAN, SimUser::hasModifyMetadata, SimUser::modifyMetadata)
                .field("permissionSets", JsonCodec.STRINGS, u -> sorted(u.permissionSets()),
                        (u, names) -> replace(u.permissionSets(), names, u::removePermissionSet, u::addPermissionSet))
                .readOnly("loginsInLastHour", JsonCodec.INT, sim::loginsInLastHour);

        app = new JsonFields<SimConnectedApp>()
                .readOnly("id", JsonCodec.STRING, SimConnectedApp::id)
                .readOnly("orgId", JsonCodec.STRING, a -> a.org().id())
                .readOnly("name", JsonCodec.STRING, SimConnectedApp::name)
                .readOnly("consumerKey", JsonCodec.STRING, SimConnectedApp::consumerKey)
                .readOnly("consumerSecret", JsonCodec.STRING, SimConnectedApp::consumerSecret)
                .readOnly("createdDate", JsonCodec.INSTANT, SimConnectedApp::createdDate)
                // first, the two values only the app can check: one it refuses leaves the rest unchanged
                .field("certificatePem", JsonCodec.STRING.nullable(), a -> a.certificatePem().orElse(null),
                        SimConnectedApp::certificate)
                .field("fullName", JsonCodec.STRING, SimConnectedApp::fullName, SimConnectedApp::fullName)
                .field("contactEmail", JsonCodec.STRING.nullable(), a -> a.contactEmail().orElse(null),
                        SimConnectedApp::contactEmail)
                .field("externalClientApp", JsonCodec.BOOLEAN, SimConnectedApp::isExternalClientApp,
                        SimConnectedApp::externalClientApp)
                .writeOnly("installIn", JsonCodec.listOf(orgById), (a, orgs) -> orgs.forEach(a::installIn))
                .field("permittedUsers", JsonCodec.enumOf(PermittedUsers.class), SimConnectedApp::permittedUsers,
                        SimConnectedApp::permittedUsers)
                .field("profiles", JsonCodec.STRINGS, a -> sorted(a.profiles()),
                        (a, names) -> replace(a.profiles(), names, a::unassignProfile, a::assignProfile))
                .field("permissionSets", JsonCodec.STRINGS, a -> sorted(a.permissionSets()),
                        (a, names) -> replace(a.permissionSets(), names, a::unassignPermissionSet, a::assignPermissionSet))
                .writeOnly("preAuthorize", JsonCodec.listOf(userByName), (a, users) -> users.forEach(a::preAuthorize))
                .field("scopes", JsonCodec.STRINGS, SimConnectedApp::scopes, (a, s) -> a.scopes(s.toArray(String[]::new)))
                .field("sessionTimeout", JsonCodec.POSITIVE_DURATION.nullable(), a -> a.sessionTimeout().orElse(null),
                        SimConnectedApp::sessionTimeout)
                .field("refreshTokenPolicy", JsonCodec.parsed("a refresh token policy such as \"infinite\", \"zero\" or "
                                + "\"specific_lifetime:30:DAYS\"", RefreshTokenPolicy::parse, RefreshTokenPolicy::metadataValue),
                        SimConnectedApp::refreshTokenPolicy, SimConnectedApp::refreshTokenPolicy)
                .field("refreshTokenRotation", JsonCodec.BOOLEAN, SimConnectedApp::isRefreshTokenRotationEnabled,
                        SimConnectedApp::refreshTokenRotation)
                .field("secretRequiredForRefreshToken", JsonCodec.BOOLEAN, SimConnectedApp::isSecretRequiredForRefreshToken,
                        SimConnectedApp::secretRequiredForRefreshToken)
                .field("pkceRequired", JsonCodec.BOOLEAN, SimConnectedApp::isPkceRequired, SimConnectedApp::pkceRequired)
                .field("introspectAllTokens", JsonCodec.BOOLEAN, SimConnectedApp::isIntrospectAllTokens,
                        SimConnectedApp::introspectAllTokens)
                .field("ipRelaxation", JsonCodec.enumOf(IpRelaxation.class), SimConnectedApp::ipRelaxation,
                        SimConnectedApp::ipRelaxation)
                .field("callbackUrl", JsonCodec.STRING.nullable(), a -> a.callbackUrl().orElse(null),
                        SimConnectedApp::callbackUrl)
                .field("authorizeAs", userByName.nullable(), a -> a.authorizingUser().orElse(null),
                        SimConnectedApp::authorizeAs);

        grant = new JsonFields<SimGrant>()
                .readOnly("id", JsonCodec.LONG, SimGrant::id)
                .readOnly("grantType", JsonCodec.STRING, SimGrant::grantType)
                .readOnly("scopes", JsonCodec.STRINGS, SimGrant::scopes)
                .readOnly("state", JsonCodec.enumOf(GrantState.class), g -> GrantState.of(g, sim.clock().instant()))
                .readOnly("revocation", JsonCodec.enumOf(SimGrant.Revocation.class).nullable(),
                        g -> g.revocation().orElse(null))
                .readOnly("refreshTokenFingerprint", JsonCodec.STRING.nullable(),
                        g -> g.refreshToken().map(Secrets::fingerprint).orElse(null))
                .readOnly("createdDate", JsonCodec.INSTANT, SimGrant::createdDate)
                .readOnly("lastUsedDate", JsonCodec.INSTANT, SimGrant::lastUsedDate)
                .readOnly("useCount", JsonCodec.LONG, SimGrant::useCount)
                .readOnly("refreshTokenExpiresAt", JsonCodec.INSTANT.nullable(),
                        g -> g.refreshToken().flatMap(token -> g.refreshTokenExpiresAt()).orElse(null))
                .readOnly("liveSessions", JsonCodec.INT, g -> liveSessions(g, sim.clock().instant()));
    }

    private static int liveSessions(SimGrant grant, Instant now) {
        return (int) grant.sessions().stream().filter(session -> session.isActiveAt(now)).count();
    }

    /** A model object named by a string field (a username, an org id); unknown names are a 400. */
    private static <V> JsonCodec<V> lookup(String what, Function<String, Optional<V>> find, Function<V, String> nameOf) {
        return JsonCodec.parsed("a known " + what, name -> find.apply(name).orElseThrow(
                () -> new IllegalArgumentException("no such " + what)), nameOf);
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** Makes {@code current} equal to {@code wanted}, one remove or add at a time. */
    private static void replace(Set<String> current, List<String> wanted, Consumer<String> remove, Consumer<String> add) {
        Set<String> keep = new HashSet<>(wanted);
        current.stream().filter(name -> !keep.contains(name)).forEach(remove);
        wanted.forEach(add);
    }
}
