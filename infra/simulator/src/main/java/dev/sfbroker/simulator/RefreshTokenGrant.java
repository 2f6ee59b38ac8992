package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code refresh_token} grant. Checks, in order: {@code client_id} known
 * ({@code invalid_client_id}) → {@code client_secret} when sent or required by
 * {@link SimConnectedApp#isSecretRequiredForRefreshToken()} → refresh token known and not revoked →
 * issued to this client ({@code invalid_client_id}) → current: a rotated-out token revokes the whole
 * grant → the app's refresh-token policy → org and user active → IP relaxation →
 * login rate, if {@link SimSettings#refreshCountsAsLogin()}. Every refresh-token failure is
 * {@code invalid_grant} / {@code expired access/refresh token}. Success: a new access token of
 * the grant, no {@code expires_in}, and a new refresh token only under rotation. Before
 * any of this, the {@link TokenEndpoint} refuses the request if its refresh token is in processing.
 */
final class RefreshTokenGrant implements GrantHandler {

    static final String GRANT_TYPE = "refresh_token";

    private final ClientCredentials clients;
    private final GrantStore grants;
    private final SessionStore sessions;
    private final LoginRateLimiter loginRate;
    private final SimSettings settings;
    private final SimCounters counters;
    private final SimClock clock;

    RefreshTokenGrant(ClientCredentials clients, GrantStore grants, SessionStore sessions, LoginRateLimiter loginRate,
                      SimSettings settings, SimCounters counters, SimClock clock) {
        this.clients = clients;
        this.grants = grants;
        this.sessions = sessions;
        this.loginRate = loginRate;
        this.settings = settings;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Optional<String> lockedToken(TokenRequest request) {
        return Optional.ofNullable(request.param("refresh_token"));
    }

    @Override
    public Map<String, Object> exchange(TokenRequest request) throws OAuthException {
        SimConnectedApp app = clients.app(request.param("client_id"));
        clients.checkSecret(app, request.param("client_secret"), app.isSecretRequiredForRefreshToken());
        app.requireNotBlocked();
        String refreshToken = request.param("refresh_token");
        SimGrant grant = grants.byRefreshToken(refreshToken).orElseThrow(RefreshTokenGrant::expired);
        SimUser user = grant.user();
        counters.countUser(user.username(), SimEndpoint.TOKEN);
        if (grant.app() != app) {
            throw new OAuthException(OAuthErrors.INVALID_CLIENT_ID);
        }
        if (!grant.isCurrentRefreshToken(refreshToken)) {
            throw reused(grant);
        }
        Instant now = clock.instant();
        if (!grant.refreshTokenUsableAt(now)) {
            throw expired();
        }
        checkUser(app, user, now);

        String rotated = null;
        if (app.isRefreshTokenRotationEnabled()) {
            // Empty only if the grant was revoked meanwhile (an older token replayed, a revoke, an eviction):
            // a concurrent refresh with this same token never gets this far, the token endpoint's lock refuses it.
            rotated = grants.rotate(grant, refreshToken).orElseThrow(() -> reused(grant));
        }
        SimSession session = sessions.create(user, app, GRANT_TYPE, grant.scopes(), grant);
        if (!grant.addSession(session, true, now)) {
            throw expired();
        }
        return TokenResponses.success(session, true, rotated);
    }

    /** Org active → user active → IP relaxation → login rate (if counted). */
    private void checkUser(SimConnectedApp app, SimUser user, Instant now) throws OAuthException {
        if (!user.org().isActive()) {
            throw new OAuthException(settings.inactiveOrgError());
        }
        if (!user.isActive()) {
            throw new OAuthException(settings.inactiveUserError());
        }
        if (user.isIpRestricted() && app.ipRelaxation().enforcedOnRefresh()) {
            throw new OAuthException(OAuthErrors.IP_RESTRICTED);
        }
        if (settings.refreshCountsAsLogin() && !loginRate.tryLogin(user, now, settings.loginRatePerHour())) {
            throw new OAuthException(settings.loginRateExceededError());
        }
    }

    /** A rotated-out refresh token was presented: the current one and all the grant's access tokens go. */
    private static OAuthException reused(SimGrant grant) {
        grant.revoke(SimGrant.Revocation.REFRESH_TOKEN_REUSED);
        return expired();
    }

    private static OAuthException expired() {
        return new OAuthException(OAuthErrors.EXPIRED_REFRESH_TOKEN);
    }
}
