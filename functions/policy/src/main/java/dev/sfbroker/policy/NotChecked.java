package dev.sfbroker.policy;

import dev.sfbroker.token.Connection;

/**
 * What the audit could not check for a connection, and why, as findings of their own (severity {@code NOT_CHECKED}):
 * a rule that found nothing because it had nothing to read must never look like a clean result.
 */
public final class NotChecked {
    /** Nothing was checked: the connection is not active, has no valid token, or the org could not be read. */
    public static final String CONNECTION = "not-checked-connection";
    /** The connected app's metadata was not read: every rule about the app's settings, and its grants, went unchecked. */
    public static final String APP_METADATA = "not-checked-app-metadata";
    /** The org's Session Settings were not read: {@code session-timeout} used the app's timeout alone. */
    public static final String ORG_SESSION_SETTINGS = "not-checked-org-session-settings";

    private static final String APP_RULES = "refresh-token-policy, rotation-shared-grant, approvals-near-limit, stale-grant, unknown-grant,"
            + " jwt-certificate, self-authorize, ip-relaxation, full-scope, pkce-not-required, refresh-without-secret and the app's"
            + " part of session-timeout";

    private NotChecked() {
    }

    /** The connection is not active: the audit reads the org only through a connection's own token. */
    static Finding inactive(Connection connection) {
        return connectionFinding(connection, "The connection is " + connection.state() + ": the audit reads the org through the"
                + " connection's own token, so nothing was checked.", "Make the connection active again (see its last_error in"
                + " GET /ops/connections/" + connection.id() + "); the next audit checks it.");
    }

    static Finding noToken(Connection connection) {
        return connectionFinding(connection, "The connection has no valid token to read the org with, so nothing was checked.",
                "Fetch its token (or wait for the scheduled refresh), then run the audit again: POST /ops/policy-audit.");
    }

    /** Reading the org failed (a query refused or failed, the token rejected). */
    static Finding unreadable(Connection connection, String org, AdminReadException e) {
        return new Finding(CONNECTION, Severity.NOT_CHECKED, org, connection.credentialsRef(), connection.id(),
                "The org could not be read, so nothing was checked: " + e.getMessage(), fixFor(e.kind()));
    }

    /** The secret names no connected app: the Metadata API reads an app by its API name. */
    static Finding noAppName(Connection connection, String org) {
        return new Finding(APP_METADATA, Severity.NOT_CHECKED, org, connection.credentialsRef(), connection.id(),
                "The connected app secret '" + connection.credentialsRef() + "' has no connected_app field (or could not be read), so"
                        + " the app's metadata was not read. Not checked: " + APP_RULES + ".",
                "Add the connected app's API name to the secret as \"connected_app\" (Setup > App Manager > the app > API Name),"
                        + " e.g. with infra/connected-app/make-jwt-key.sh's command, then run the audit again.");
    }

    static Finding appMetadataUnread(Connection connection, String org, String appName, AdminReadException e) {
        return new Finding(APP_METADATA, Severity.NOT_CHECKED, org, appName, connection.id(),
                "The connected app's metadata could not be read: " + e.getMessage() + " Not checked: " + APP_RULES + ".", fixFor(e.kind()));
    }

    static Finding orgSessionSettingsUnread(PolicyEvidence evidence, AdminReadException e) {
        return new Finding(ORG_SESSION_SETTINGS, Severity.NOT_CHECKED, evidence.org(), evidence.appName(), evidence.connection().id(),
                "The org's Session Settings could not be read (" + e.getMessage() + "): session-timeout compared the connected app's"
                        + " timeout alone, and the org's may be tighter.", fixFor(e.kind()));
    }

    private static Finding connectionFinding(Connection connection, String evidence, String fix) {
        String org = connection.token() != null ? connection.token().instanceUrl() : connection.loginHost().url().toString();
        return new Finding(CONNECTION, Severity.NOT_CHECKED, org, connection.credentialsRef(), connection.id(), evidence, fix);
    }

    private static String fixFor(AdminReadException.Kind kind) {
        return switch (kind) {
            case NOT_PERMITTED -> "Give the integration user what the Metadata API needs to read connected apps and security"
                    + " settings (for example 'View Setup and Configuration' and 'Modify Metadata Through Metadata API Functions', in"
                    + " the permission set that pre-authorises it), or accept that these rules go unchecked for this connection.";
            case NOT_FOUND -> "Correct the secret's connected_app to the app's API name (Setup > App Manager > the app > API Name).";
            case SESSION_REJECTED -> "The connection's token was rejected: the next renewal replaces it; run the audit again after it.";
            case UNREACHABLE -> "Salesforce did not answer usably; run the audit again later (POST /ops/policy-audit).";
        };
    }
}
