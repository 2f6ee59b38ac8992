package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code authorization_code} grant (web server flow): exchanges a code from the
 * {@link AuthorizeEndpoint}. Checks, in order: {@code client_id} known → {@code client_secret} →
 * code known, unused and the client's ({@code invalid authorization code}) → not older than
 * {@link SimSettings#authorizationCodeTtl()} ({@code expired authorization code}) → {@code redirect_uri}
 * the one the code was issued for → PKCE {@code code_verifier}. Success: access token, plus a refresh
 * token and a new approval ({@link SimGrant}, which may evict the oldest, Salesforce's documented behaviour) when the
 * scopes include {@code refresh_token} or {@code offline_access}.
 */
final class AuthorizationCodeGrant implements GrantHandler {

    static final String GRANT_TYPE = "authorization_code";

    private final ClientCredentials clients;
    private final AuthorizationCodes codes;
    private final GrantStore grants;
    private final SessionStore sessions;
    private final SimSettings settings;
    private final SimCounters counters;
    private final SimClock clock;

    AuthorizationCodeGrant(ClientCredentials clients, AuthorizationCodes codes, GrantStore grants, SessionStore sessions,
                           SimSettings settings, SimCounters counters, SimClock clock) {
        this.clients = clients;
        this.codes = codes;
        this.grants = grants;
        this.sessions = sessions;
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
        return Optional.ofNullable(request.param("code"));
    }

    @Override
    public Map<String, Object> exchange(TokenRequest request) throws OAuthException {
        SimConnectedApp app = clients.app(request.param("client_id"));
        clients.checkSecret(app, request.param("client_secret"), true);
        app.requireNotBlocked();
        AuthorizationCodes.Pending code = codes.take(request.param("code"))
                .filter(pending -> pending.app() == app)
                .orElseThrow(() -> new OAuthException(OAuthErrors.INVALID_AUTHORIZATION_CODE));
        SimUser user = code.user();
        counters.countUser(user.username(), SimEndpoint.TOKEN);
        Instant now = clock.instant();
        if (!now.isBefore(code.issuedAt().plus(settings.authorizationCodeTtl()))) {
            throw new OAuthException(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
        }
        if (!code.redirectUri().equals(request.param("redirect_uri"))) {
            throw new OAuthException(OAuthErrors.REDIRECT_URI_MISMATCH);
        }
        if (code.codeChallenge() != null
                && !Pkce.verifies(code.codeChallenge(), code.codeChallengeMethod(), request.param("code_verifier"))) {
            throw new OAuthException(OAuthErrors.INVALID_CODE_VERIFIER);
        }

        SimGrant grant = AuthorizeEndpoint.includesRefreshToken(code.scopes())
                ? grants.create(user, app, GRANT_TYPE, code.scopes(), true) : null;
        SimSession session = sessions.create(user, app, GRANT_TYPE, code.scopes(), grant);
        if (grant == null) {
            return TokenResponses.success(session, true);
        }
        grant.addSession(session, false, now);
        return TokenResponses.success(session, true, grant.refreshToken().orElseThrow());
    }
}
