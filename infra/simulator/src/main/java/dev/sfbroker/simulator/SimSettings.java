package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour switches for what the reference marks UNCERTAIN, and limits. Defaults follow the
 * reference's suggestions (§10). Changes take effect on the next request. Thread safe.
 * Setters return {@code this}; getters have the same name without an argument.
 */
public final class SimSettings {

    private volatile boolean acceptMyDomainAudience = false;
    private volatile boolean acceptSchemelessAudience = false;
    private volatile boolean acceptPrnClaim = true;
    private volatile Duration jwtExpBackwardSkew = Duration.ZERO;
    private volatile boolean enforceJwtExpMax = false;
    private volatile Duration jwtExpMax = Duration.ofMinutes(3);
    private volatile OAuthError unknownUserError = OAuthErrors.USER_NOT_APPROVED;
    private volatile OAuthError inactiveUserError = OAuthErrors.INACTIVE_USER;
    private volatile OAuthError inactiveOrgError = OAuthErrors.INACTIVE_ORG;
    private volatile OAuthError notAdminApprovedError = OAuthErrors.USER_NOT_APPROVED;
    private volatile OAuthError ecaNotInstalledError = OAuthErrors.OAUTH_EC_APP_NOT_FOUND;
    private volatile int loginRatePerHour = 3_600;
    private volatile OAuthError loginRateExceededError = OAuthErrors.LOGIN_RATE_EXCEEDED;
    private volatile boolean jwtIssuedAtAndSignature = true;
    private volatile boolean jwtReuseLiveSession = false;

    /** Accept the org's My Domain URL as JWT {@code aud} (§1.3, UNCERTAIN). Default false. */
    public boolean acceptMyDomainAudience() {
        return acceptMyDomainAudience;
    }

    public SimSettings acceptMyDomainAudience(boolean accept) {
        this.acceptMyDomainAudience = accept;
        return this;
    }

    /** Accept a login host without scheme ({@code login.salesforce.com}) as {@code aud}, as restforce sends it (§9, §11.5, UNCERTAIN). Default false. */
    public boolean acceptSchemelessAudience() {
        return acceptSchemelessAudience;
    }

    public SimSettings acceptSchemelessAudience(boolean accept) {
        this.acceptSchemelessAudience = accept;
        return this;
    }

    /** Accept the legacy {@code prn} claim when {@code sub} is absent (§1.3, UNCERTAIN). Default true. */
    public boolean acceptPrnClaim() {
        return acceptPrnClaim;
    }

    public SimSettings acceptPrnClaim(boolean accept) {
        this.acceptPrnClaim = accept;
        return this;
    }

    /** How far in the past a JWT {@code exp} may be and still pass (§1.3, UNCERTAIN). Default zero. */
    public Duration jwtExpBackwardSkew() {
        return jwtExpBackwardSkew;
    }

    public SimSettings jwtExpBackwardSkew(Duration skew) {
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative");
        }
        this.jwtExpBackwardSkew = skew;
        return this;
    }

    /** Reject an {@code exp} more than {@link #jwtExpMax()} ahead (§1.3: evidence says Salesforce does not). Default false. */
    public boolean enforceJwtExpMax() {
        return enforceJwtExpMax;
    }

    public SimSettings enforceJwtExpMax(boolean enforce) {
        this.enforceJwtExpMax = enforce;
        return this;
    }

    /** The maximum {@code exp} distance when {@link #enforceJwtExpMax()} is on. Default 3 minutes (§1.3). */
    public Duration jwtExpMax() {
        return jwtExpMax;
    }

    public SimSettings jwtExpMax(Duration max) {
        if (max.isNegative()) {
            throw new IllegalArgumentException("max must not be negative");
        }
        this.jwtExpMax = max;
        return this;
    }

    /** The error for a JWT {@code sub} naming no user (§1.6, UNCERTAIN). Default {@link OAuthErrors#USER_NOT_APPROVED}. */
    public OAuthError unknownUserError() {
        return unknownUserError;
    }

    public SimSettings unknownUserError(OAuthError error) {
        this.unknownUserError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for an inactive user (§1.6, casing UNCERTAIN). Default {@link OAuthErrors#INACTIVE_USER}. */
    public OAuthError inactiveUserError() {
        return inactiveUserError;
    }

    public SimSettings inactiveUserError(OAuthError error) {
        this.inactiveUserError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for a locked, closed or suspended org (§1.6, casing UNCERTAIN). Default {@link OAuthErrors#INACTIVE_ORG}. */
    public OAuthError inactiveOrgError() {
        return inactiveOrgError;
    }

    public SimSettings inactiveOrgError(OAuthError error) {
        this.inactiveOrgError = Objects.requireNonNull(error);
        return this;
    }

    /**
     * The error for a user an admin-approved-only app neither pre-authorizes nor has a prior approval from
     * (§1.6, UNCERTAIN). Default {@link OAuthErrors#USER_NOT_APPROVED} (observed); {@link OAuthErrors#OAUTH_APP_ACCESS_DENIED}
     * is the alternative. Apps that let users self-authorize always answer {@link OAuthErrors#USER_NOT_APPROVED}.
     */
    public OAuthError notAdminApprovedError() {
        return notAdminApprovedError;
    }

    public SimSettings notAdminApprovedError(OAuthError error) {
        this.notAdminApprovedError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for an external client app not installed in the user's org (§1.6, §6.5, code UNCERTAIN). Default {@link OAuthErrors#OAUTH_EC_APP_NOT_FOUND}. */
    public OAuthError ecaNotInstalledError() {
        return ecaNotInstalledError;
    }

    public SimSettings ecaNotInstalledError(OAuthError error) {
        this.ecaNotInstalledError = Objects.requireNonNull(error);
        return this;
    }

    /** Logins allowed per user per rolling hour (§5.2). Default 3,600. */
    public int loginRatePerHour() {
        return loginRatePerHour;
    }

    public SimSettings loginRatePerHour(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.loginRatePerHour = limit;
        return this;
    }

    /** The error once the login rate is exceeded (§5.2). Default {@link OAuthErrors#LOGIN_RATE_EXCEEDED}; {@link OAuthErrors#RATE_LIMIT_EXCEEDED} is the alternative. */
    public OAuthError loginRateExceededError() {
        return loginRateExceededError;
    }

    public SimSettings loginRateExceededError(OAuthError error) {
        this.loginRateExceededError = Objects.requireNonNull(error);
        return this;
    }

    /** Include {@code issued_at} and {@code signature} in JWT responses (§1.5, UNCERTAIN). Default true. */
    public boolean jwtIssuedAtAndSignature() {
        return jwtIssuedAtAndSignature;
    }

    public SimSettings jwtIssuedAtAndSignature(boolean include) {
        this.jwtIssuedAtAndSignature = include;
        return this;
    }

    /** A repeat JWT exchange returns the user's live access token for the app instead of a new one (§1.7, UNCERTAIN). Default false. */
    public boolean jwtReuseLiveSession() {
        return jwtReuseLiveSession;
    }

    public SimSettings jwtReuseLiveSession(boolean reuse) {
        this.jwtReuseLiveSession = reuse;
        return this;
    }

    /** Back to the defaults. */
    public synchronized SimSettings reset() {
        SimSettings d = new SimSettings();
        acceptMyDomainAudience = d.acceptMyDomainAudience;
        acceptSchemelessAudience = d.acceptSchemelessAudience;
        acceptPrnClaim = d.acceptPrnClaim;
        jwtExpBackwardSkew = d.jwtExpBackwardSkew;
        enforceJwtExpMax = d.enforceJwtExpMax;
        jwtExpMax = d.jwtExpMax;
        unknownUserError = d.unknownUserError;
        inactiveUserError = d.inactiveUserError;
        inactiveOrgError = d.inactiveOrgError;
        notAdminApprovedError = d.notAdminApprovedError;
        ecaNotInstalledError = d.ecaNotInstalledError;
        loginRatePerHour = d.loginRatePerHour;
        loginRateExceededError = d.loginRateExceededError;
        jwtIssuedAtAndSignature = d.jwtIssuedAtAndSignature;
        jwtReuseLiveSession = d.jwtReuseLiveSession;
        return this;
    }
}
