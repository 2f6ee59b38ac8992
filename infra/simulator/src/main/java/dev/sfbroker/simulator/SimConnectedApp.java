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
import java.time.Instant;
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
import java.util.regex.Pattern;

/**
 * A connected app of an org: consumer key and secret, the certificate for "Use digital signatures",
 * its Permitted Users policy with assigned profiles and permission sets, scopes, an optional
 * session timeout, the users' own refresh-token approvals, and its OAuth settings (refresh-token policy
 * and rotation, secret for refresh, PKCE, introspect-all, IP relaxation, callback URL, and the user
 * who approves at the authorize endpoint). A classic connected app serves the
 * users of its own org only; one marked as an external client app can also be installed in other
 * orgs, and then its policy, assignments and approvals apply to their users too
 * (one policy for all installations; in Salesforce each org sets its own). Thread safe.
 */
public final class SimConnectedApp {

    /** Salesforce rejects certificates larger than 4 KB. */
    public static final int MAX_CERTIFICATE_BYTES = 4096;
    /** The scopes a new app grants. */
    public static final List<String> DEFAULT_SCOPES = List.of("api", "refresh_token");
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z](?:_?[A-Za-z0-9])*");

    private final SimOrg org;
    private final String id;
    private final String name;
    private final String consumerKey;
    private final String consumerSecret;
    private final Instant createdDate;
    private final Set<String> profiles = ConcurrentHashMap.newKeySet();
    private final Set<String> permissionSets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, List<SimApproval>> approvalsByUserId = new ConcurrentHashMap<>();
    private final Set<SimOrg> installedIn = ConcurrentHashMap.newKeySet();
    private volatile boolean externalClientApp = false;
    private volatile PermittedUsers permittedUsers = PermittedUsers.ALL_SELF_AUTHORIZE;
    private volatile List<String> scopes = DEFAULT_SCOPES;
    private volatile Duration sessionTimeout;
    private volatile Certificate certificate;
    private volatile RefreshTokenPolicy refreshTokenPolicy = RefreshTokenPolicy.infinite();
    private volatile boolean refreshTokenRotation = false;
    private volatile boolean secretRequiredForRefreshToken = true;
    private volatile boolean pkceRequired = false;
    private volatile boolean introspectAllTokens = false;
    private volatile IpRelaxation ipRelaxation = IpRelaxation.ENFORCE;
    private volatile boolean blocked = false;
    private volatile String callbackUrl;
    private volatile SimUser authorizingUser;
    private volatile String fullName;
    private volatile String contactEmail;

    SimConnectedApp(SimOrg org, String id15, String name, String consumerKey, String consumerSecret) {
        this.org = org;
        this.id = SalesforceIds.to18(id15);
        this.name = Objects.requireNonNull(name, "name");
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.createdDate = org.model().clock().instant();
        this.fullName = apiName(this.name);
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

    /** When the app was added, on the simulator's clock: {@code ConnectedApplication.CreatedDate}. */
    public Instant createdDate() {
        return createdDate;
    }

    /**
     * The API name, the Metadata API {@code fullName} that {@code readMetadata} looks up.
     * By default the name as Salesforce's setup page fills it in: each run of other characters than
     * letters and digits becomes {@code _}, none at either end, and an {@code X} before a leading digit
     * ({@code Token Broker} → {@code Token_Broker}).
     */
    public String fullName() {
        return fullName;
    }

    /**
     * Sets the API name: a letter, then letters, digits and single underscores, not ending in one.
     *
     * @throws IllegalArgumentException for any other name
     */
    public SimConnectedApp fullName(String fullName) {
        if (fullName == null || !API_NAME.matcher(fullName).matches()) {
            throw new IllegalArgumentException("not an API name: " + fullName);
        }
        this.fullName = fullName;
        return this;
    }

    /** The Metadata API {@code contactEmail}, if set. */
    public Optional<String> contactEmail() {
        return Optional.ofNullable(contactEmail);
    }

    /** Sets the contact email; null removes it. */
    public SimConnectedApp contactEmail(String email) {
        this.contactEmail = email;
        return this;
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

    /** Marks the app as an External Client App, which can be installed in other orgs. Default false. */
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
     * @throws IllegalArgumentException if it is not a PEM X.509 certificate or is over 4 KB
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

    /** The app's own session timeout, combined with the org's by {@link SimSettings#sessionTimeoutRule()}. */
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

    /**
     * The session timeout in force for the user's tokens of this app, from the app's own and the user's
     * org's by {@link SimSettings#sessionTimeoutRule()}: by default the tighter of the two, or
     * the app's when set, else the org's.
     */
    public Duration effectiveSessionTimeout(SimUser user) {
        return org.model().settings().sessionTimeoutRule().effective(sessionTimeout(), user.org().sessionTimeout());
    }

    /** Records that the user approved the app with a refresh token, granting the app's current scopes). */
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

    /** Pre-authorized: admin-approved policy and the user's profile or one of their permission sets assigned). */
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
     * of the user's refresh-token approvals; empty means the user has not approved the app.
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

    /** {@code oauthPolicy.refreshTokenPolicy}. Default {@link RefreshTokenPolicy#infinite()}. */
    public RefreshTokenPolicy refreshTokenPolicy() {
        return refreshTokenPolicy;
    }

    /** Sets the refresh-token policy; it applies to existing refresh tokens too, at their next use. */
    public SimConnectedApp refreshTokenPolicy(RefreshTokenPolicy policy) {
        this.refreshTokenPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** {@code oauthConfig.isRefreshTokenRotationEnabled}. Default false. */
    public boolean isRefreshTokenRotationEnabled() {
        return refreshTokenRotation;
    }

    /** Turns refresh token rotation on or off: each refresh then returns a new refresh token and retires the old one. */
    public SimConnectedApp refreshTokenRotation(boolean enabled) {
        this.refreshTokenRotation = enabled;
        return this;
    }

    /** {@code oauthConfig.isSecretRequiredForRefreshToken}. Default true; a secret that is sent is checked anyway. */
    public boolean isSecretRequiredForRefreshToken() {
        return secretRequiredForRefreshToken;
    }

    public SimConnectedApp secretRequiredForRefreshToken(boolean required) {
        this.secretRequiredForRefreshToken = required;
        return this;
    }

    /** {@code oauthConfig.isPkceRequired}: the authorize endpoint then needs a {@code code_challenge}. Default false. */
    public boolean isPkceRequired() {
        return pkceRequired;
    }

    public SimConnectedApp pkceRequired(boolean required) {
        this.pkceRequired = required;
        return this;
    }

    /** {@code oauthConfig.isIntrospectAllTokens}: the app may introspect every app's tokens. Default false. */
    public boolean isIntrospectAllTokens() {
        return introspectAllTokens;
    }

    public SimConnectedApp introspectAllTokens(boolean all) {
        this.introspectAllTokens = all;
        return this;
    }

    /** {@code oauthPolicy.ipRelaxation}. Default {@link IpRelaxation#ENFORCE}. */
    public IpRelaxation ipRelaxation() {
        return ipRelaxation;
    }

    public SimConnectedApp ipRelaxation(IpRelaxation relaxation) {
        this.ipRelaxation = Objects.requireNonNull(relaxation, "relaxation");
        return this;
    }

    /** Blocked by an admin (Connected Apps OAuth Usage): every token request answers {@link OAuthErrors#OAUTH_APP_BLOCKED}. */
    public boolean isBlocked() {
        return blocked;
    }

    public SimConnectedApp blocked(boolean blocked) {
        this.blocked = blocked;
        return this;
    }

    /** Refuses a token request for a blocked app. */
    void requireNotBlocked() throws OAuthException {
        if (blocked) {
            throw new OAuthException(OAuthErrors.OAUTH_APP_BLOCKED);
        }
    }

    /** {@code oauthConfig.callbackUrl}: the only {@code redirect_uri} the authorize endpoint accepts. */
    public Optional<String> callbackUrl() {
        return Optional.ofNullable(callbackUrl);
    }

    /** Sets the callback URL (compared exactly); null removes it, and then no {@code redirect_uri} matches. */
    public SimConnectedApp callbackUrl(String url) {
        this.callbackUrl = url;
        return this;
    }

    /** The user who logs in and approves at the authorize endpoint, standing in for the browser; empty: the user denies. */
    public Optional<SimUser> authorizingUser() {
        return Optional.ofNullable(authorizingUser);
    }

    /** Makes {@code user} log in and approve the app at the authorize endpoint; null makes the user deny. */
    public SimConnectedApp authorizeAs(SimUser user) {
        this.authorizingUser = user;
        return this;
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

    private static String apiName(String name) {
        String apiName = name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (apiName.isEmpty()) {
            return "X";
        }
        return Character.isLetter(apiName.charAt(0)) ? apiName : "X" + apiName;
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
                    throw new IllegalArgumentException("the certificate can't exceed 4 KB");
                }
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("unreadable certificate", e);
            }
            // A non-RSA key is stored but cannot verify RS256: JWTs then fail as "invalid assertion".
            RSASSAVerifier verifier = x509.getPublicKey() instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa) : null;
            return new Certificate(pem, x509, verifier);
        }
    }
}
