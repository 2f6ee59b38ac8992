package dev.sfbroker.policy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Connected App settings that kill tokens, each a rule with a stable id,
 *). A rule looks at one connection's evidence and returns its findings; {@code PolicyRulesTest} shows each
 * one triggered and not triggered against the simulator.
 */
public final class PolicyRules {

    /** A rule: its id and what it finds. */
    public record Rule(String id, Function<PolicyEvidence, List<Finding>> check) {
    }

    public static final List<Rule> ALL = List.of(
            new Rule("refresh-token-policy", PolicyRules::refreshTokenPolicy),
            new Rule("rotation-shared-grant", PolicyRules::rotationWithAnotherClient),
            new Rule("session-timeout", PolicyRules::sessionTimeout),
            new Rule("approvals-near-limit", PolicyRules::approvalsNearLimit),
            new Rule("stale-grant", PolicyRules::staleGrants),
            new Rule("unknown-grant", PolicyRules::unknownGrants),
            new Rule("jwt-certificate", PolicyRules::certificate),
            new Rule("self-authorize", PolicyRules::selfAuthorize),
            new Rule("ip-relaxation", PolicyRules::ipRelaxation),
            new Rule("full-scope", PolicyRules::fullScope),
            new Rule("pkce-not-required", PolicyRules::pkceNotRequired),
            new Rule("refresh-without-secret", PolicyRules::refreshWithoutSecret));

    private PolicyRules() {
    }

    public static List<Finding> evaluate(PolicyEvidence evidence) {
        List<Finding> findings = new ArrayList<>();
        ALL.forEach(rule -> findings.addAll(rule.check().apply(evidence)));
        return findings;
    }

    /** "immediately expire" kills the grant at its first use; a lifetime kills it on a date; inactivity needs use. */
    static List<Finding> refreshTokenPolicy(PolicyEvidence e) {
        if (e.app() == null || !e.refreshTokenFlow() || e.app().refreshTokenPolicy() == null) {
            return List.of();
        }
        String policy = e.app().refreshTokenPolicy();
        String fix = "In the connected app's policies set Refresh Token Policy to 'Refresh token is valid until revoked' (or"
                + " 'Expire refresh token if not used for' a period far longer than the broker's renewal interval).";
        if (policy.equals("zero")) {
            return finding(e, "refresh-token-policy", Severity.CRITICAL,
                    "Refresh Token Policy is 'Immediately expire refresh token': every refresh of this unattended connection fails.", fix);
        }
        String[] parts = policy.split(":");
        if (parts.length != 3) {
            return List.of();
        }
        Duration period = period(Integer.parseInt(parts[1]), parts[2]);
        if (parts[0].equals("specific_lifetime")) {
            Instant dies = e.grantsOfUserAndApp().stream().map(OauthTokenRow::createdDate).min(Instant::compareTo).orElse(e.now()).plus(period);
            Severity severity = dies.isBefore(e.now().plus(Duration.ofDays(7))) ? Severity.CRITICAL : Severity.WARNING;
            return finding(e, "refresh-token-policy", severity, "Refresh Token Policy expires refresh tokens " + parts[1] + " "
                    + parts[2].toLowerCase() + " after issue: this connection's grant dies around " + dies.truncatedTo(ChronoUnit.MINUTES)
                    + " and needs re-authorising then.", fix);
        }
        Duration longestGap = e.connection().sessionTimeout() != null ? e.connection().sessionTimeout() : Duration.ofHours(2);
        if (parts[0].equals("specific_inactivity") && period.compareTo(longestGap.multipliedBy(2)) <= 0) {
            return finding(e, "refresh-token-policy", Severity.CRITICAL, "Refresh Token Policy expires refresh tokens unused for "
                    + parts[1] + " " + parts[2].toLowerCase() + ", about as long as the broker goes between refreshes ("
                    + longestGap.toMinutes() + " min).", fix);
        }
        return List.of();
    }

    /** with rotation, a second client using the same grant replays rotated tokens and Salesforce revokes it. */
    static List<Finding> rotationWithAnotherClient(PolicyEvidence e) {
        if (e.app() == null || !e.app().refreshTokenRotation() || e.grantsOfUserAndApp().size() <= 1) {
            return List.of();
        }
        return finding(e, "rotation-shared-grant", Severity.CRITICAL, "Refresh token rotation is on and " + e.connection().username()
                + " holds " + e.grantsOfUserAndApp().size() + " OauthToken grants for this app: another client uses the app besides"
                + " the broker. Under rotation a client that replays a rotated refresh token makes Salesforce revoke the grant.",
                "Move the other client onto the broker (it fetches tokens instead of refreshing itself), or give it its own"
                        + " connected app.");
    }

    /** the tighter of the app's and the org's session timeout decides token lifetime; the schedule must renew within it. */
    static List<Finding> sessionTimeout(PolicyEvidence e) {
        Duration session = e.effectiveSessionTimeout();
        if (session == null || session.compareTo(e.renewalInterval().multipliedBy(3)) >= 0) {
            return List.of();
        }
        return finding(e, "session-timeout", Severity.CRITICAL, "The effective session timeout (the tighter of the app's "
                        + minutes(e.app() == null ? null : e.app().sessionTimeoutMinutes()) + " and the org's "
                        + minutes(e.orgSessionTimeout() == null ? null : (int) e.orgSessionTimeout().toMinutes()) + ") is "
                        + session.toMinutes() + " min; the schedule runs every " + e.renewalInterval().toMinutes()
                        + " min and cannot renew reliably within it.",
                "Raise the connected app's Timeout Value (Session Policies) or the org's Session Settings timeout to at least 30"
                        + " minutes; 2 hours is Salesforce's default.");
    }

    private static String minutes(Integer minutes) {
        return minutes == null ? "(not set)" : minutes + " min";
    }

    /** five approvals per user and app; the sixth evicts the oldest grant with its tokens. */
    static List<Finding> approvalsNearLimit(PolicyEvidence e) {
        int approvals = e.grantsOfUserAndApp().size();
        if (approvals < 4) {
            return List.of();
        }
        return finding(e, "approvals-near-limit", approvals >= 5 ? Severity.CRITICAL : Severity.WARNING, e.connection().username()
                + " has " + approvals + " of 5 approvals for this app: " + (approvals >= 5 ? "the next approval" : "the second approval from now")
                + " evicts the oldest grant and its tokens.", "Revoke the grants nobody uses (see stale-grant and unknown-grant), and stop"
                + " re-authorising in retry loops.");
    }

    static List<Finding> staleGrants(PolicyEvidence e) {
        Instant staleBefore = e.now().minus(e.staleAfter());
        long stale = e.grantsOfUserAndApp().stream().filter(row -> lastUse(row).isBefore(staleBefore)).count();
        if (stale == 0) {
            return List.of();
        }
        return finding(e, "stale-grant", Severity.WARNING, stale + " grant(s) of " + e.connection().username() + " for this app unused for"
                + " more than " + e.staleAfter().toDays() + " days: revoke candidates.", "Revoke them in Setup > Connected Apps OAuth Usage,"
                + " or with their DeleteToken at /services/oauth2/revoke; they count towards the five approvals.");
    }

    static List<Finding> unknownGrants(PolicyEvidence e) {
        int unknown = e.grantsOfUserAndApp().size() - e.brokerGrantsOfUserAndApp();
        if (unknown <= 0) {
            return List.of();
        }
        return finding(e, "unknown-grant", Severity.WARNING, unknown + " grant(s) of " + e.connection().username() + " for this app are"
                + " not held by the broker: another client, or a leak.", "Find who holds them (Login History, OAuth Usage) and revoke"
                + " those that are not needed.");
    }

    /** the JWT flow signs with the key whose certificate is uploaded to the app. */
    static List<Finding> certificate(PolicyEvidence e) {
        if (e.app() == null || e.refreshTokenFlow() || e.app().certificatePem() == null) {
            return List.of();
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(e.app().certificatePem().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException ex) {
            return finding(e, "jwt-certificate", Severity.CRITICAL, "The connected app's certificate cannot be read.",
                    "Upload the certificate of the broker's signing key again (infra/connected-app/make-jwt-key.sh).");
        }
        List<Finding> findings = new ArrayList<>();
        if (e.signingKey() instanceof RSAPrivateCrtKey key && certificate.getPublicKey() instanceof RSAPublicKey certKey
                && !key.getModulus().equals(certKey.getModulus())) {
            findings.addAll(finding(e, "jwt-certificate", Severity.CRITICAL, "The signing key in the connected app secret does not belong"
                    + " to the certificate uploaded to the app: every JWT login fails with 'invalid assertion'.", "Upload the certificate"
                    + " that matches the secret's private key, or store the matching key in the secret."));
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isBefore(e.now().plus(Duration.ofDays(30)))) {
            Severity severity = notAfter.isBefore(e.now().plus(Duration.ofDays(7))) ? Severity.CRITICAL : Severity.WARNING;
            findings.addAll(finding(e, "jwt-certificate", severity, "The JWT signing certificate expires on "
                    + notAfter.truncatedTo(ChronoUnit.DAYS) + ".", "Make a new key and certificate (infra/connected-app/make-jwt-key.sh),"
                    + " upload the certificate, then put the new key in the secret."));
        }
        return findings;
    }

    /** a server-to-server app should pre-authorise its integration user, not let users approve themselves. */
    static List<Finding> selfAuthorize(PolicyEvidence e) {
        boolean metadataSaysSelf = e.app() != null && !e.app().adminApproved();
        boolean objectSaysSelf = e.appRow() != null && !e.appRow().optionsAllowAdminApprovedUsersOnly();
        if (e.refreshTokenFlow() || !(metadataSaysSelf || objectSaysSelf)) {
            return List.of();
        }
        return finding(e, "self-authorize", Severity.WARNING, "Permitted Users is 'All users may self-authorize' on a server-to-server"
                + " (JWT) app: any user who once approves it can mint tokens without an admin.", "Set Permitted Users to 'Admin approved"
                + " users are pre-authorized' and assign the integration user's permission set.");
    }

    /** */
    static List<Finding> ipRelaxation(PolicyEvidence e) {
        if (e.app() == null || e.app().ipRelaxation() == null) {
            return List.of();
        }
        return switch (e.app().ipRelaxation()) {
            case "BYPASS" -> finding(e, "ip-relaxation", Severity.WARNING, "IP Relaxation is 'Relax IP restrictions': tokens work from any"
                    + " network.", "Prefer 'Enforce IP restrictions' with the broker's egress IPs in the profile's login IP ranges.");
            case "ENFORCE" -> e.refreshTokenFlow() ? finding(e, "ip-relaxation", Severity.INFO, "IP Relaxation is 'Enforce IP restrictions':"
                    + " refreshes from outside the user's profile IP ranges fail.", "Put the broker's egress IPs in the profile's login IP"
                    + " ranges, or use 'Enforce IP restrictions, but relax for refresh tokens'.") : List.of();
            default -> List.of();
        };
    }

    static List<Finding> fullScope(PolicyEvidence e) {
        if (e.app() == null || !e.app().scopes().contains("Full")) {
            return List.of();
        }
        return finding(e, "full-scope", Severity.WARNING, "The app grants the 'full' scope; the broker needs only 'api' and"
                + " 'refresh_token'.", "Remove 'Full access (full)' from the connected app's selected OAuth scopes.");
    }

    static List<Finding> pkceNotRequired(PolicyEvidence e) {
        if (e.app() == null || !e.refreshTokenFlow() || e.app().pkceRequired()) {
            return List.of();
        }
        return finding(e, "pkce-not-required", Severity.WARNING, "The app does not require PKCE for the web-server flow this connection"
                + " was authorised with.", "Tick 'Require Proof Key for Code Exchange (PKCE)' in the app's OAuth settings; the broker"
                + " always sends it.");
    }

    static List<Finding> refreshWithoutSecret(PolicyEvidence e) {
        if (e.app() == null || !e.refreshTokenFlow() || e.app().secretRequiredForRefreshToken()) {
            return List.of();
        }
        return finding(e, "refresh-without-secret", Severity.WARNING, "'Require Secret for Refresh Token Flow' is off: a leaked refresh"
                + " token alone is enough to get access tokens.", "Tick 'Require Secret for Refresh Token Flow'; the broker always"
                + " sends the secret.");
    }

    private static Instant lastUse(OauthTokenRow row) {
        return row.lastUsedDate() != null ? row.lastUsedDate() : row.createdDate();
    }

    private static Duration period(int amount, String unit) {
        return switch (unit) {
            case "HOURS" -> Duration.ofHours(amount);
            case "DAYS" -> Duration.ofDays(amount);
            default -> Duration.ofDays(30L * amount);
        };
    }

    private static List<Finding> finding(PolicyEvidence e, String rule, Severity severity, String evidence, String fix) {
        return List.of(new Finding(rule, severity, e.org(), e.appName(), e.connection().id(), evidence, fix));
    }
}
