package dev.sfbroker.simulator;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A connected app as the Metadata API's {@code ConnectedApp} type, the
 * {@code <records xsi:type="ConnectedApp">} of a {@code readMetadata} answer: {@code fullName},
 * {@code contactEmail}, {@code label}, {@code oauthConfig} (callback URL, certificate, consumer key, the
 * {@code is*} switches, scopes as metadata names), {@code oauthPolicy} (IP relaxation, refresh token policy),
 * the assigned {@code permissionSetName}s and {@code profileName}s (only for an admin-approved app), and
 * {@code sessionPolicy} (the app's own session timeout, in minutes). Elements follow the schema's
 * (alphabetical) order; those newer than the request's API version are left out, as Salesforce's Metadata API reference dates
 * them. The consumer secret is never written.
 */
final class ConnectedAppMetadata {

    /** The API version the {@code ConnectedApp} type appeared in. */
    static final int SINCE = 29;
    static final String TYPE = "ConnectedApp";

    private static final int ADMIN_APPROVED_SINCE = 46;
    private static final int POLICIES_SINCE = 49;
    private static final int INTROSPECT_ALL_SINCE = 49;
    private static final int SECRET_FOR_REFRESH_SINCE = 51;
    private static final int PKCE_SINCE = 59;
    private static final int ROTATION_SINCE = 60;

    /** OAuth scope names and their {@code ConnectedAppOauthAccessScope} metadata values; others are written as they are. */
    private static final Map<String, String> SCOPES = Map.ofEntries(
            Map.entry("api", "Api"), Map.entry("web", "Web"), Map.entry("full", "Full"),
            Map.entry("chatter_api", "Chatter"), Map.entry("visualforce", "CustomApplications"),
            Map.entry("refresh_token", "RefreshToken"), Map.entry("offline_access", "RefreshToken"),
            Map.entry("openid", "OpenID"), Map.entry("id", "Basic"), Map.entry("profile", "Profile"),
            Map.entry("email", "Email"), Map.entry("address", "Address"), Map.entry("phone", "Phone"),
            Map.entry("custom_permissions", "CustomPermissions"), Map.entry("wave_api", "Wave"),
            Map.entry("eclair_api", "Eclair"), Map.entry("pardot_api", "Pardot"), Map.entry("lightning", "Lightning"),
            Map.entry("content", "Content"), Map.entry("cdp_ingest_api", "CDPIngest"), Map.entry("chatbot_api", "Chatbot"));

    private ConnectedAppMetadata() {
    }

    /** The record of {@code app} as API version {@code apiVersion} shows it. */
    static String record(SimConnectedApp app, int apiVersion) {
        StringBuilder xml = new StringBuilder("<records xsi:type=\"" + TYPE + "\">");
        element(xml, "fullName", app.fullName());
        app.contactEmail().ifPresent(email -> element(xml, "contactEmail", email));
        element(xml, "label", app.name());
        oauthConfig(xml, app, apiVersion);
        if (apiVersion >= POLICIES_SINCE) {
            xml.append("<oauthPolicy>");
            element(xml, "ipRelaxation", app.ipRelaxation().name());
            element(xml, "refreshTokenPolicy", app.refreshTokenPolicy().metadataValue());
            xml.append("</oauthPolicy>");
        }
        if (app.permittedUsers() == PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED) {
            new TreeSet<>(app.permissionSets()).forEach(name -> element(xml, "permissionSetName", name));
            new TreeSet<>(app.profiles()).forEach(name -> element(xml, "profileName", name));
        }
        if (apiVersion >= POLICIES_SINCE && app.sessionTimeout().isPresent()) {
            xml.append("<sessionPolicy>");
            element(xml, "sessionTimeout", String.valueOf(app.sessionTimeout().get().toMinutes()));
            xml.append("</sessionPolicy>");
        }
        return xml.append("</records>").toString();
    }

    /** The record {@code readMetadata} gives for a name no app has: a {@code ConnectedApp} without content. */
    static String emptyRecord() {
        return "<records xsi:type=\"" + TYPE + "\"/>";
    }

    private static void oauthConfig(StringBuilder xml, SimConnectedApp app, int apiVersion) {
        xml.append("<oauthConfig>");
        app.callbackUrl().ifPresent(url -> element(xml, "callbackUrl", url));
        app.certificatePem().ifPresent(pem -> element(xml, "certificate", pem));
        element(xml, "consumerKey", app.consumerKey());
        if (apiVersion >= ADMIN_APPROVED_SINCE) {
            element(xml, "isAdminApproved", app.permittedUsers() == PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED);
        }
        element(xml, "isConsumerSecretOptional", false);
        if (apiVersion >= INTROSPECT_ALL_SINCE) {
            element(xml, "isIntrospectAllTokens", app.isIntrospectAllTokens());
        }
        if (apiVersion >= PKCE_SINCE) {
            element(xml, "isPkceRequired", app.isPkceRequired());
        }
        if (apiVersion >= ROTATION_SINCE) {
            element(xml, "isRefreshTokenRotationEnabled", app.isRefreshTokenRotationEnabled());
        }
        if (apiVersion >= SECRET_FOR_REFRESH_SINCE) {
            element(xml, "isSecretRequiredForRefreshToken", app.isSecretRequiredForRefreshToken());
        }
        Set<String> scopes = new LinkedHashSet<>();
        app.scopes().forEach(scope -> scopes.add(SCOPES.getOrDefault(scope, scope)));
        scopes.forEach(scope -> element(xml, "scopes", scope));
        xml.append("</oauthConfig>");
    }

    private static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>').append(SoapResponses.escape(String.valueOf(value)))
                .append("</").append(name).append('>');
    }
}
