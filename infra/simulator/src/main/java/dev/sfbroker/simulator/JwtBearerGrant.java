package dev.sfbroker.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;

import java.math.BigDecimal;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT bearer grant. Checks, in the order of, each failing with the
 * exact error of: {@code iss} known → RS256 signature against the app's certificate →
 * {@code aud} → {@code exp} → org active → {@code sub}/{@code prn} user exists → external
 * client app installed in the user's org → user active → approved → IP / login
 * hours, unless the app's IP relaxation lets the user through → login rate. Success
 * creates a session; never a refresh token. The session takes an approval slot only when
 * {@link SimSettings#jwtTakesApprovalSlot()} is on.
 */
final class JwtBearerGrant implements GrantHandler {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final SimModel model;
    private final SessionStore sessions;
    private final GrantStore grants;
    private final LoginRateLimiter loginRate;
    private final SimSettings settings;
    private final SimCounters counters;

    JwtBearerGrant(SimModel model, SessionStore sessions, GrantStore grants, LoginRateLimiter loginRate,
                   SimSettings settings, SimCounters counters) {
        this.model = model;
        this.sessions = sessions;
        this.grants = grants;
        this.loginRate = loginRate;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Map<String, Object> exchange(TokenRequest request) throws OAuthException {
        JWSObject jws = parse(request.param("assertion"));
        Map<String, Object> claims = claims(jws);
        String username = subject(claims);
        counters.countUser(username, SimEndpoint.TOKEN);

        SimConnectedApp app = model.app(stringClaim(claims, "iss"))
                .orElseThrow(() -> new OAuthException(OAuthErrors.INVALID_CLIENT_ID));
        verifySignature(jws, app);
        app.requireNotBlocked();
        Optional<SimUser> subject = model.user(username);
        // The org the JWT logs in to: the user's (Salesforce finds it from the username), else the app's.
        SimOrg org = subject.map(SimUser::org).orElse(app.org());
        checkAudience(claims.get("aud"), org);
        checkExpiry(claims.get("exp"));
        // A locked, closed or suspended org refuses every login, whoever the user is: so before the
        // user checks. After iss/signature/aud/exp, so that only a sound assertion learns the org's state.
        if (!org.isActive()) {
            throw new OAuthException(settings.inactiveOrgError());
        }

        SimUser user = subject.orElseThrow(() -> new OAuthException(settings.unknownUserError()));
        List<String> scopes = approvedScopes(app, user);
        if (user.isIpRestricted() && app.ipRelaxation().enforcedOnLogin()) {
            throw new OAuthException(OAuthErrors.IP_RESTRICTED);
        }
        if (!loginRate.tryLogin(user, model.clock().instant(), settings.loginRatePerHour())) {
            throw new OAuthException(settings.loginRateExceededError());
        }

        SimSession session = reusableSession(user, app).orElseGet(() -> newSession(user, app, scopes));
        return TokenResponses.success(session, settings.jwtIssuedAtAndSignature());
    }

    /** A new session; in an approval slot of its own if JWT exchanges take one. */
    private SimSession newSession(SimUser user, SimConnectedApp app, List<String> scopes) {
        if (!settings.jwtTakesApprovalSlot()) {
            return sessions.create(user, app, GRANT_TYPE, scopes, null);
        }
        SimGrant grant = grants.create(user, app, GRANT_TYPE, scopes, false);
        SimSession session = sessions.create(user, app, GRANT_TYPE, scopes, grant);
        grant.addSession(session, false, model.clock().instant());
        return session;
    }

    /**
     * External client app installed in the user's org → user active → approved: pre-authorized,
     * a recorded self-approval, or a live refresh-token grant; the approved scopes.
     */
    private List<String> approvedScopes(SimConnectedApp app, SimUser user) throws OAuthException {
        if (app.isExternalClientApp() && !app.isInstalledIn(user.org())) {
            throw new OAuthException(settings.ecaNotInstalledError());
        }
        if (!user.isActive()) {
            throw new OAuthException(settings.inactiveUserError());
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>(app.approvedScopes(user));
        scopes.addAll(grants.refreshTokenApprovalScopes(user, app));
        if (scopes.isEmpty()) {
            throw new OAuthException(notApprovedError(app, user));
        }
        return List.copyOf(scopes);
    }

    /**
     * An admin-approved-only app may answer with its own error; other apps, and a
     * classic app asked for a user of another org, answer "user hasn't approved this consumer".
     */
    private OAuthError notApprovedError(SimConnectedApp app, SimUser user) {
        boolean adminApprovedOnly = app.permittedUsers() == PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED
                && app.isInstalledIn(user.org());
        return adminApprovedOnly ? settings.notAdminApprovedError() : OAuthErrors.USER_NOT_APPROVED;
    }

    private Optional<SimSession> reusableSession(SimUser user, SimConnectedApp app) {
        if (!settings.jwtReuseLiveSession()) {
            return Optional.empty();
        }
        Optional<SimSession> live = sessions.live(user, app, GRANT_TYPE);
        live.ifPresent(s -> s.touch(model.clock().instant()));
        return live;
    }

    private static JWSObject parse(String assertion) throws OAuthException {
        if (assertion == null || assertion.isBlank()) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
        try {
            return JWSObject.parse(assertion.trim());
        } catch (ParseException e) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
    }

    private static Map<String, Object> claims(JWSObject jws) throws OAuthException {
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        if (claims == null) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
        return claims;
    }

    /** {@code sub}, or the legacy {@code prn} when {@code sub} is absent. */
    private String subject(Map<String, Object> claims) {
        String sub = stringClaim(claims, "sub");
        if (sub == null && settings.acceptPrnClaim()) {
            sub = stringClaim(claims, "prn");
        }
        return sub;
    }

    /** RS256 only, against the public key of the app's certificate. */
    private static void verifySignature(JWSObject jws, SimConnectedApp app) throws OAuthException {
        RSASSAVerifier verifier = app.jwtVerifier();
        if (verifier == null || !JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
        try {
            if (!jws.verify(verifier)) {
                throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
    }

    /** A string {@code aud}, or an array with one accepted entry (arrays: UNCERTAIN). */
    private void checkAudience(Object aud, SimOrg org) throws OAuthException {
        if (aud instanceof String value && audienceAccepted(value, org)) {
            return;
        }
        if (aud instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String s && audienceAccepted(s, org)) {
                    return;
                }
            }
        }
        throw new OAuthException(OAuthErrors.AUDIENCE_INVALID);
    }

    private boolean audienceAccepted(String aud, SimOrg org) {
        String loginUrl = org.loginUrl();
        if (aud.equals(loginUrl)) {
            return true;
        }
        if (settings.acceptSchemelessAudience() && aud.equals(URI.create(loginUrl).getHost())) {
            return true;
        }
        return settings.acceptMyDomainAudience() && org.myDomain().map(aud::equals).orElse(false);
    }

    /**
     * {@code exp} in seconds, a JSON number or a numeric string, must be after now minus the
     * backward skew; with the maximum enforced, at most {@link SimSettings#jwtExpMax()} ahead.
     */
    private void checkExpiry(Object exp) throws OAuthException {
        BigDecimal expSeconds = seconds(exp);
        if (expSeconds == null) {
            throw new OAuthException(OAuthErrors.INVALID_ASSERTION);
        }
        Instant now = model.clock().instant();
        BigDecimal earliest = BigDecimal.valueOf(now.minus(settings.jwtExpBackwardSkew()).toEpochMilli()).movePointLeft(3);
        if (expSeconds.compareTo(earliest) <= 0) {
            throw new OAuthException(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
        }
        if (settings.enforceJwtExpMax()) {
            BigDecimal latest = BigDecimal.valueOf(now.plus(settings.jwtExpMax()).toEpochMilli()).movePointLeft(3);
            if (expSeconds.compareTo(latest) > 0) {
                throw new OAuthException(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
            }
        }
    }

    private static BigDecimal seconds(Object exp) {
        try {
            if (exp instanceof Number number) {
                return new BigDecimal(number.toString());
            }
            if (exp instanceof String text && !text.isBlank()) {
                return new BigDecimal(text.trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static String stringClaim(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String value ? value : null;
    }
}
