package dev.sfbroker.simulator;

import com.nimbusds.jose.crypto.RSASSAVerifier;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connected app of an org: consumer key and secret, the certificate for "Use digital signatures",
 * its Permitted Users policy with assigned profiles and permission sets, scopes, an optional
 * session timeout, and the users' own refresh-token approvals. A classic connected app serves the
 * users of its own org only; one marked as an external client app can also be installed in other
 * orgs (reference §6.5), and then its policy, assignments and approvals apply to their users too
 * (one policy for all installations; in Salesforce each org sets its own). Thread safe.
 */
public final class SimConnectedApp {

    /** Salesforce rejects certificates larger than 4 KB (reference §1.2). */
    public static final int MAX_CERTIFICATE_BYTES = 4096;
    /** The scopes a new app grants. */
    public static final List<String> DEFAULT_SCOPES = List.of("api", "refresh_token");

    private final SimOrg org;
    private final String id;
    private final String name;
    private final String consumerKey;
    private final String consumerSecret;
    private final Set<String> profiles = ConcurrentHashMap.newKeySet();
    private final Set<String> permissionSets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, List<SimApproval>> approvalsByUserId = new ConcurrentHashMap<>();
    private final Set<SimOrg> installedIn = ConcurrentHashMap.newKeySet();
    private volatile boolean externalClientApp = false;
    private volatile PermittedUsers permittedUsers = PermittedUsers.ALL_SELF_AUTHORIZE;
    private volatile List<String> scopes = DEFAULT_SCOPES;
    private volatile Duration sessionTimeout;
    private volatile Certificate certificate;

    SimConnectedApp(SimOrg org, String id15, String name, String consumerKey, String consumerSecret) {
        this.org = org;
        this.id = SalesforceIds.to18(id15);
        this.name = Objects.requireNonNull(name, "name");
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
    }

    /** The 18-character ConnectedApplication id ({@code 0H4...}). */
    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public SimOrg org() {
        return org;
    }

    /** The consumer key ({@code 3MVG9...}), the {@code client_id} and the JWT {@code iss}. */
    public String consumerKey() {
        return consumerKey;
    }

    public String consumerSecret() {
        return consumerSecret;
    }

    public boolean isExternalClientApp() {
        return externalClientApp;
    }

    /** Marks the app as an External Client App (reference §6.5), which can be installed in other orgs. Default false. */
    public SimConnectedApp externalClientApp(boolean externalClientApp) {
        this.externalClientApp = externalClientApp;
        return this;
    }

    /**
     * Installs this external client app in another org, whose users can then log in through it.
     *
     * @throws IllegalStateException if the app is not an external client app
     */
    public SimConnectedApp installIn(SimOrg other) {
        if (!externalClientApp) {
            throw new IllegalStateException("only an external client app can be installed in other orgs: " + this);
        }
        installedIn.add(Objects.requireNonNull(other, "org"));
        return this;
    }

    /** True for the app's own org and, while it is an external client app, the orgs it was installed in. */
    public boolean isInstalledIn(SimOrg other) {
        return other == org || (externalClientApp && installedIn.contains(other));
    }

    /** The uploaded certificate (PEM), if "Use digital signatures" is on. */
    public Optional<String> certificatePem() {
        Certificate current = certificate;
        return current == null ? Optional.empty() : Optional.of(current.pem);
    }

    public Optional<X509Certificate> certificate() {
        Certificate current = certificate;
        return current == null ? Optional.empty() : Optional.of(current.x509);
    }

    /**
     * Uploads (or replaces) the certificate; null turns "Use digital signatures" off.
     *
     * @throws IllegalArgumentException if it is not a PEM X.509 certificate or is over 4 KB (reference §1.2)
     */
    public SimConnectedApp certificate(String pem) {
        this.certificate = pem == null ? null : Certificate.parse(pem);
        return this;
    }

    public PermittedUsers permittedUsers() {
        return permittedUsers;
    }

    public SimConnectedApp permittedUsers(PermittedUsers policy) {
        this.permittedUsers = Objects.requireNonNull(policy);
        return this;
    }

    /** Sets "Admin approved users are pre-authorized" and assigns the user's profile to the app. */
    public SimConnectedApp preAuthorize(SimUser user) {
        permittedUsers = PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED;
        return assignProfile(user.profile());
    }

    /** Assigns a profile (counts only under {@link PermittedUsers#ADMIN_APPROVED_PREAUTHORIZED}). */
    public SimConnectedApp assignProfile(String profile) {
        profiles.add(Objects.requireNonNull(profile));
        return this;
    }

    public SimConnectedApp unassignProfile(String profile) {
        profiles.remove(profile);
        return this;
    }

    /** Assigns a permission set (counts only under {@link PermittedUsers#ADMIN_APPROVED_PREAUTHORIZED}). */
    public SimConnectedApp assignPermissionSet(String permissionSet) {
        permissionSets.add(Objects.requireNonNull(permissionSet));
        return this;
    }

    public SimConnectedApp unassignPermissionSet(String permissionSet) {
        permissionSets.remove(permissionSet);
        return this;
    }

    public Set<String> profiles() {
        return Set.copyOf(profiles);
    }

    public Set<String> permissionSets() {
        return Set.copyOf(permissionSets);
    }

    /** The OAuth scopes of the app, e.g. {@code api}, {@code refresh_token}. */
    public List<String> scopes() {
        return scopes;
    }

    public SimConnectedApp scopes(String... scopes) {
        this.scopes = List.copyOf(new LinkedHashSet<>(Arrays.asList(scopes)));
        return this;
    }

    /** The app's own session timeout, which takes precedence over the org's (reference §6.4, §8). */
    public Optional<Duration> sessionTimeout() {
        return Optional.ofNullable(sessionTimeout);
    }

    /** Sets the app's session timeout; null falls back to the org's. */
    public SimConnectedApp sessionTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a session timeout must be positive");
        }
        this.sessionTimeout = timeout;
        return this;
    }

    /** The session timeout in force for the user's tokens of this app: the app's, else the user's org's (reference §8). */
    public Duration effectiveSessionTimeout(SimUser user) {
        Duration own = sessionTimeout;
        return own != null ? own : user.org().sessionTimeout();
    }

    /** Records that the user approved the app with a refresh token, granting the app's current scopes (reference §1.4 (b)). */
    public SimApproval recordSelfApproval(SimUser user) {
        return recordSelfApproval(user, Set.copyOf(scopes));
    }

    /** Records that the user approved the app with a refresh token, granting the given scopes. */
    public SimApproval recordSelfApproval(SimUser user, Set<String> approvedScopes) {
        SimApproval approval = new SimApproval(user, this, approvedScopes, org.model().clock().instant());
        approvalsByUserId.computeIfAbsent(user.id(), k -> new CopyOnWriteArrayList<>()).add(approval);
        return approval;
    }

    public List<SimApproval> approvals(SimUser user) {
        List<SimApproval> list = approvalsByUserId.get(user.id());
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Removes the user's own approvals. */
    public SimConnectedApp clearApprovals(SimUser user) {
        approvalsByUserId.remove(user.id());
        return this;
    }

    /** Pre-authorized: admin-approved policy and the user's profile or one of their permission sets assigned (reference §1.4 (a)). */
    public boolean isPreAuthorized(SimUser user) {
        if (permittedUsers != PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED || !isInstalledIn(user.org())) {
            return false;
        }
        if (profiles.contains(user.profile())) {
            return true;
        }
        for (String permissionSet : permissionSets) {
            if (user.hasPermissionSet(permissionSet)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scopes a JWT login of this user gets: the app's scopes if pre-authorized, plus the scopes
     * of the user's refresh-token approvals; empty means the user has not approved the app (reference §1.4).
     */
    List<String> approvedScopes(SimUser user) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        if (isPreAuthorized(user)) {
            result.addAll(scopes);
        }
        if (isInstalledIn(user.org())) {
            for (SimApproval approval : approvals(user)) {
                approval.scopes().stream().sorted().forEach(result::add);
            }
        }
        return List.copyOf(result);
    }

    /** The verifier for JWTs signed with the certificate's key; null without a usable RSA certificate. */
    RSASSAVerifier jwtVerifier() {
        Certificate current = certificate;
        return current == null ? null : current.verifier;
    }

    @Override
    public String toString() {
        return "SimConnectedApp[" + name + ", " + id + "]";
    }

    private record Certificate(String pem, X509Certificate x509, RSASSAVerifier verifier) {

        static Certificate parse(String pem) {
            X509Certificate x509;
            try {
                x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            } catch (CertificateException | ClassCastException e) {
                throw new IllegalArgumentException("not a PEM X.509 certificate", e);
            }
            try {
                if (x509.getEncoded().length > MAX_CERTIFICATE_BYTES) {
                    throw new IllegalArgumentException("the certificate can't exceed 4 KB (reference §1.2)");
                }
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("unreadable certificate", e);
            }
            // A non-RSA key is stored but cannot verify RS256: JWTs then fail as "invalid assertion" (§1.2, UNCERTAIN).
            RSASSAVerifier verifier = x509.getPublicKey() instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa) : null;
            return new Certificate(pem, x509, verifier);
        }
    }
}
