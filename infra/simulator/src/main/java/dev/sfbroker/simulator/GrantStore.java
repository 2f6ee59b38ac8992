package dev.sfbroker.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approvals ({@link SimGrant}s) by refresh token, by delete token, and per user and app, where
 * at most {@link SimSettings#maxApprovalsPerUserPerApp()} live at once: one more evicts the oldest,
 * revoking its refresh token and access tokens (reference §5.1). A rotated refresh token stays in its
 * grant's slot. Revoked grants are forgotten, so their tokens read as unknown. Thread safe.
 */
final class GrantStore {

    private final SimClock clock;
    private final SimSettings settings;
    /** Current refresh tokens and remembered rotated-out ones. */
    private final ConcurrentHashMap<String, SimGrant> byRefreshToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SimGrant> byDeleteToken = new ConcurrentHashMap<>();
    /** Live grants per user and app, oldest first. */
    private final ConcurrentHashMap<String, ArrayDeque<SimGrant>> byUserAndApp = new ConcurrentHashMap<>();

    GrantStore(SimClock clock, SimSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** A new approval, evicting the user's oldest ones for the app beyond the limit. */
    SimGrant create(SimUser user, SimConnectedApp app, String grantType, List<String> scopes, boolean withRefreshToken) {
        String deleteToken = Secrets.deleteToken();
        SimGrant grant = new SimGrant(this, user, app, grantType, scopes,
                withRefreshToken ? Secrets.refreshToken() : null, deleteToken, clock.instant());
        grant.refreshToken().ifPresent(token -> byRefreshToken.put(token, grant));
        byDeleteToken.put(deleteToken, grant);

        List<SimGrant> evicted = new ArrayList<>();
        ArrayDeque<SimGrant> grants = byUserAndApp.computeIfAbsent(key(user, app), k -> new ArrayDeque<>());
        synchronized (grants) {
            grants.removeIf(SimGrant::isRevoked);
            while (!grants.isEmpty() && grants.size() >= settings.maxApprovalsPerUserPerApp()) {
                evicted.add(grants.pollFirst());
            }
            grants.addLast(grant);
        }
        evicted.forEach(g -> g.revoke(SimGrant.Revocation.EVICTED));
        return grant;
    }

    /** The live grant whose current, or a remembered rotated-out, refresh token this is. */
    Optional<SimGrant> byRefreshToken(String token) {
        return live(token == null ? null : byRefreshToken.get(token));
    }

    Optional<SimGrant> byDeleteToken(String token) {
        return live(token == null ? null : byDeleteToken.get(token));
    }

    /** The user's live approvals of the app, oldest first. */
    List<SimGrant> grants(SimUser user, SimConnectedApp app) {
        ArrayDeque<SimGrant> grants = byUserAndApp.get(key(user, app));
        if (grants == null) {
            return List.of();
        }
        synchronized (grants) {
            return grants.stream().filter(g -> !g.isRevoked()).toList();
        }
    }

    /** The scopes of the user's live refresh-token approvals of the app (reference §1.4 (b)). */
    List<String> refreshTokenApprovalScopes(SimUser user, SimConnectedApp app) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (SimGrant grant : grants(user, app)) {
            if (grant.refreshToken().isPresent()) {
                scopes.addAll(grant.scopes());
            }
        }
        return List.copyOf(scopes);
    }

    /**
     * Rotates the grant's refresh token (reference §2.3): the new token, or empty if {@code presented}
     * was not current any more (then it is a reuse).
     */
    Optional<String> rotate(SimGrant grant, String presented) {
        String next = Secrets.refreshToken();
        byRefreshToken.put(next, grant);
        if (grant.rotate(presented, next)) {
            return Optional.of(next);
        }
        byRefreshToken.remove(next, grant);
        return Optional.empty();
    }

    /** Drops a revoked grant's tokens, or one rotated-out token no longer remembered. */
    void forget(SimGrant grant, List<String> refreshTokens) {
        refreshTokens.forEach(token -> byRefreshToken.remove(token, grant));
        if (grant.isRevoked()) {
            byDeleteToken.remove(grant.deleteToken(), grant);
        }
    }

    /** Forgets every grant (the simulator's reset). */
    void clear() {
        byRefreshToken.clear();
        byDeleteToken.clear();
        byUserAndApp.clear();
    }

    private static Optional<SimGrant> live(SimGrant grant) {
        return grant == null || grant.isRevoked() ? Optional.empty() : Optional.of(grant);
    }

    private static String key(SimUser user, SimConnectedApp app) {
        return user.id() + '|' + app.id();
    }
}
