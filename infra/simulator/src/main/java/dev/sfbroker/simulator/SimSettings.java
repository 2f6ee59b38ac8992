package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour switches for what Salesforce's documentation leaves open, and limits. Defaults follow the
 * reference's suggestions. Changes take effect on the next request. Thread safe.
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
    private volatile SessionTimeoutRule sessionTimeoutRule = SessionTimeoutRule.TIGHTER_OF_APP_AND_ORG;
    private volatile int maxApprovalsPerUserPerApp = 5;
    private volatile boolean jwtTakesApprovalSlot = false;
    private volatile boolean jwtCreatesOauthTokenRow = false;
    private volatile boolean refreshCountsAsLogin = false;
    private volatile OAuthError invalidClientError = OAuthErrors.INVALID_CLIENT;
    private volatile OAuthError introspectInvalidClientError = OAuthErrors.INTROSPECT_INVALID_CLIENT;
    private volatile boolean introspectClientIdIsAppName = false;
    private volatile Duration authorizationCodeTtl = Duration.ofMinutes(15);
    private volatile TokenRequestLock tokenRequestLock = TokenRequestLock.PER_TOKEN;
    private volatile OAuthError tokenRequestInProcessingError = OAuthErrors.TOKEN_REQUEST_IN_PROCESSING;

    /** Accept the org's My Domain URL as JWT {@code aud}. Default false. */
    public boolean acceptMyDomainAudience() {
        return acceptMyDomainAudience;
    }

    public SimSettings acceptMyDomainAudience(boolean accept) {
        this.acceptMyDomainAudience = accept;
        return this;
    }

    /** Accept a login host without scheme ({@code login.salesforce.com}) as {@code aud}, as restforce sends it. Default false. */
    public boolean acceptSchemelessAudience() {
        return acceptSchemelessAudience;
    }

    public SimSettings acceptSchemelessAudience(boolean accept) {
        this.acceptSchemelessAudience = accept;
        return this;
    }

    /** Accept the legacy {@code prn} claim when {@code sub} is absent. Default true. */
    public boolean acceptPrnClaim() {
        return acceptPrnClaim;
    }

    public SimSettings acceptPrnClaim(boolean accept) {
        this.acceptPrnClaim = accept;
        return this;
    }

    /** How far in the past a JWT {@code exp} may be and still pass. Default zero. */
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

    /** Reject an {@code exp} more than {@link #jwtExpMax()} ahead. Default false. */
    public boolean enforceJwtExpMax() {
        return enforceJwtExpMax;
    }

    public SimSettings enforceJwtExpMax(boolean enforce) {
        this.enforceJwtExpMax = enforce;
        return this;
    }

    /** The maximum {@code exp} distance when {@link #enforceJwtExpMax()} is on. Default 3 minutes. */
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

    /** The error for a JWT {@code sub} naming no user. Default {@link OAuthErrors#USER_NOT_APPROVED}. */
    public OAuthError unknownUserError() {
        return unknownUserError;
    }

    public SimSettings unknownUserError(OAuthError error) {
        this.unknownUserError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for an inactive user. Default {@link OAuthErrors#INACTIVE_USER}. */
    public OAuthError inactiveUserError() {
        return inactiveUserError;
    }

    public SimSettings inactiveUserError(OAuthError error) {
        this.inactiveUserError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for a locked, closed or suspended org. Default {@link OAuthErrors#INACTIVE_ORG}. */
    public OAuthError inactiveOrgError() {
        return inactiveOrgError;
    }

    public SimSettings inactiveOrgError(OAuthError error) {
        this.inactiveOrgError = Objects.requireNonNull(error);
        return this;
    }

    /**
     * The error for a user an admin-approved-only app neither pre-authorizes nor has a prior approval from
     *. Default {@link OAuthErrors#USER_NOT_APPROVED} (observed); {@link OAuthErrors#OAUTH_APP_ACCESS_DENIED}
     * is the alternative. Apps that let users self-authorize always answer {@link OAuthErrors#USER_NOT_APPROVED}.
     */
    public OAuthError notAdminApprovedError() {
        return notAdminApprovedError;
    }

    public SimSettings notAdminApprovedError(OAuthError error) {
        this.notAdminApprovedError = Objects.requireNonNull(error);
        return this;
    }

    /** The error for an external client app not installed in the user's org. Default {@link OAuthErrors#OAUTH_EC_APP_NOT_FOUND}. */
    public OAuthError ecaNotInstalledError() {
        return ecaNotInstalledError;
    }

    public SimSettings ecaNotInstalledError(OAuthError error) {
        this.ecaNotInstalledError = Objects.requireNonNull(error);
        return this;
    }

    /** Logins allowed per user per rolling hour. Default 3,600. */
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

    /** The error once the login rate is exceeded. Default {@link OAuthErrors#LOGIN_RATE_EXCEEDED}; {@link OAuthErrors#RATE_LIMIT_EXCEEDED} is the alternative. */
    public OAuthError loginRateExceededError() {
        return loginRateExceededError;
    }

    public SimSettings loginRateExceededError(OAuthError error) {
        this.loginRateExceededError = Objects.requireNonNull(error);
        return this;
    }

    /** Include {@code issued_at} and {@code signature} in JWT responses. Default true. */
    public boolean jwtIssuedAtAndSignature() {
        return jwtIssuedAtAndSignature;
    }

    public SimSettings jwtIssuedAtAndSignature(boolean include) {
        this.jwtIssuedAtAndSignature = include;
        return this;
    }

    /** A repeat JWT exchange returns the user's live access token for the app instead of a new one. Default false. */
    public boolean jwtReuseLiveSession() {
        return jwtReuseLiveSession;
    }

    public SimSettings jwtReuseLiveSession(boolean reuse) {
        this.jwtReuseLiveSession = reuse;
        return this;
    }

    /**
     * How an app's session timeout combines with the org's. Default {@link SessionTimeoutRule#TIGHTER_OF_APP_AND_ORG}
     *; {@link SessionTimeoutRule#APP_OVERRIDES_ORG} follows Salesforce's documented behaviour Fixed when a session is created.
     */
    public SessionTimeoutRule sessionTimeoutRule() {
        return sessionTimeoutRule;
    }

    public SimSettings sessionTimeoutRule(SessionTimeoutRule rule) {
        this.sessionTimeoutRule = Objects.requireNonNull(rule);
        return this;
    }

    /**
     * Live approvals (refresh-token grants) per user per app; one more evicts the oldest. Default 5,
     * the documented number; a 2017 blog counts "1 web session + 4 OAuth", which 4 reproduces.
     */
    public int maxApprovalsPerUserPerApp() {
        return maxApprovalsPerUserPerApp;
    }

    public SimSettings maxApprovalsPerUserPerApp(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one approval must fit");
        }
        this.maxApprovalsPerUserPerApp = max;
        return this;
    }

    /** A JWT bearer exchange takes an approval slot, like a refresh-token grant. Default false. */
    public boolean jwtTakesApprovalSlot() {
        return jwtTakesApprovalSlot;
    }

    public SimSettings jwtTakesApprovalSlot(boolean takes) {
        this.jwtTakesApprovalSlot = takes;
        return this;
    }

    /**
     * A JWT approval is an {@code OauthToken} row, with a null {@code AccessToken}.
     * JWT exchanges make approvals only under {@link #jwtTakesApprovalSlot()}, so this needs that on. Default false.
     */
    public boolean jwtCreatesOauthTokenRow() {
        return jwtCreatesOauthTokenRow;
    }

    public SimSettings jwtCreatesOauthTokenRow(boolean creates) {
        this.jwtCreatesOauthTokenRow = creates;
        return this;
    }

    /** A refresh-token exchange counts toward the login rate. Default false. */
    public boolean refreshCountsAsLogin() {
        return refreshCountsAsLogin;
    }

    public SimSettings refreshCountsAsLogin(boolean counts) {
        this.refreshCountsAsLogin = counts;
        return this;
    }

    /**
     * The token endpoint's error for a wrong or missing client secret.
     * Default {@link OAuthErrors#INVALID_CLIENT} (HTTP 400); pass a 401 {@link OAuthError} for the other reading.
     */
    public OAuthError invalidClientError() {
        return invalidClientError;
    }

    public SimSettings invalidClientError(OAuthError error) {
        this.invalidClientError = Objects.requireNonNull(error);
        return this;
    }

    /** The introspection endpoint's error for bad client credentials. Default {@link OAuthErrors#INTROSPECT_INVALID_CLIENT} (HTTP 401). */
    public OAuthError introspectInvalidClientError() {
        return introspectInvalidClientError;
    }

    public SimSettings introspectInvalidClientError(OAuthError error) {
        this.introspectInvalidClientError = Objects.requireNonNull(error);
        return this;
    }

    /** Introspection's {@code client_id} is the app's name, as in the doc sample, not its consumer key. Default false. */
    public boolean introspectClientIdIsAppName() {
        return introspectClientIdIsAppName;
    }

    public SimSettings introspectClientIdIsAppName(boolean appName) {
        this.introspectClientIdIsAppName = appName;
        return this;
    }

    /** How long an authorization code can be exchanged (not documented by Salesforce). Default 15 minutes. */
    public Duration authorizationCodeTtl() {
        return authorizationCodeTtl;
    }

    public SimSettings authorizationCodeTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.authorizationCodeTtl = ttl;
        return this;
    }

    /**
     * Which token requests share a lock while in processing: a refresh-token or authorization-code
     * request finding its lock held is refused with {@link #tokenRequestInProcessingError()} and not applied.
     * Default {@link TokenRequestLock#PER_TOKEN} (the release note); {@link TokenRequestLock#PER_CONNECTED_APP}
     * follows one client's report (UNCERTAIN).
     */
    public TokenRequestLock tokenRequestLock() {
        return tokenRequestLock;
    }

    public SimSettings tokenRequestLock(TokenRequestLock lock) {
        this.tokenRequestLock = Objects.requireNonNull(lock);
        return this;
    }

    /**
     * The error for a token request refused because another holding its lock is in processing.
     * Default {@link OAuthErrors#TOKEN_REQUEST_IN_PROCESSING} (since Winter '25); before, Salesforce answered
     * {@link OAuthErrors#EXPIRED_AUTHORIZATION_CODE}.
     */
    public OAuthError tokenRequestInProcessingError() {
        return tokenRequestInProcessingError;
    }

    public SimSettings tokenRequestInProcessingError(OAuthError error) {
        this.tokenRequestInProcessingError = Objects.requireNonNull(error);
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
        sessionTimeoutRule = d.sessionTimeoutRule;
        maxApprovalsPerUserPerApp = d.maxApprovalsPerUserPerApp;
        jwtTakesApprovalSlot = d.jwtTakesApprovalSlot;
        jwtCreatesOauthTokenRow = d.jwtCreatesOauthTokenRow;
        refreshCountsAsLogin = d.refreshCountsAsLogin;
        invalidClientError = d.invalidClientError;
        introspectInvalidClientError = d.introspectInvalidClientError;
        introspectClientIdIsAppName = d.introspectClientIdIsAppName;
        authorizationCodeTtl = d.authorizationCodeTtl;
        tokenRequestLock = d.tokenRequestLock;
        tokenRequestInProcessingError = d.tokenRequestInProcessingError;
        return this;
    }
}
