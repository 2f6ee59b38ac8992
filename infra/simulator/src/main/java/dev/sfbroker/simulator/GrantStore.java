package dev.sfbroker.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The approvals ({@link SimGrant}s) by refresh token, by delete token, and per user and app, where
 * at most {@link SimSettings#maxApprovalsPerUserPerApp()} live at once: one more evicts the oldest,
 * revoking its refresh token and access tokens. A rotated refresh token stays in its
 * grant's slot. Revoked grants are forgotten, so their tokens read as unknown; the latest
 * {@value #ENDED_GRANTS_KEPT} per user and app stay in {@link #history}, so that a replay or an
 * eviction can be seen after the fact. Thread safe.
 */
final class GrantStore {

    /** Revoked grants kept per user and app for {@link #history}; older ones are dropped. */
    static final int ENDED_GRANTS_KEPT = 100;

    private final SimClock clock;
    private final SimSettings settings;
    private final AtomicLong lastId = new AtomicLong();
    /** Current refresh tokens and remembered rotated-out ones. */
    private final ConcurrentHashMap<String, SimGrant> byRefreshToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SimGrant> byDeleteToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Approvals> byUserAndApp = new ConcurrentHashMap<>();

    GrantStore(SimClock clock, SimSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** A new approval, evicting the user's oldest ones for the app beyond the limit. */
    SimGrant create(SimUser user, SimConnectedApp app, String grantType, List<String> scopes, boolean withRefreshToken) {
        String deleteToken = Secrets.deleteToken();
        SimGrant grant = new SimGrant(this, lastId.incrementAndGet(), user, app, grantType, scopes,
                withRefreshToken ? Secrets.refreshToken() : null, deleteToken, clock.instant());
        grant.refreshToken().ifPresent(token -> byRefreshToken.put(token, grant));
        byDeleteToken.put(deleteToken, grant);
        byUserAndApp.computeIfAbsent(key(user, app), k -> new Approvals())
                .add(grant, settings.maxApprovalsPerUserPerApp())
                .forEach(g -> g.revoke(SimGrant.Revocation.EVICTED));
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
        Approvals approvals = byUserAndApp.get(key(user, app));
        return approvals == null ? List.of() : approvals.live();
    }

    /** The user's live approvals of the app and the latest ones revoked, oldest first. */
    List<SimGrant> history(SimUser user, SimConnectedApp app) {
        Approvals approvals = byUserAndApp.get(key(user, app));
        return approvals == null ? List.of() : approvals.history();
    }

    /** The scopes of the user's live refresh-token approvals of the app). */
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
     * Rotates the grant's refresh token: the new token, or empty if {@code presented}
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

    /** Drops a revoked grant's tokens (it moves to the ended ones of its user and app), or one rotated-out token no longer remembered. */
    void forget(SimGrant grant, List<String> refreshTokens) {
        refreshTokens.forEach(token -> byRefreshToken.remove(token, grant));
        if (grant.isRevoked()) {
            byDeleteToken.remove(grant.deleteToken(), grant);
            Approvals approvals = byUserAndApp.get(key(grant.user(), grant.app()));
            if (approvals != null) {
                approvals.end(grant);
            }
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

    /** One user's approvals of one app: the live ones, oldest first, and the latest that ended. */
    private static final class Approvals {

        private final ArrayDeque<SimGrant> live = new ArrayDeque<>();
        private final ArrayDeque<SimGrant> ended = new ArrayDeque<>();

        /** Adds a live grant; returns the oldest ones it pushes over {@code max}, taken out, to be evicted. */
        synchronized List<SimGrant> add(SimGrant grant, int max) {
            List<SimGrant> evicted = new ArrayList<>();
            live.removeIf(SimGrant::isRevoked);
            while (!live.isEmpty() && live.size() >= max) {
                evicted.add(live.pollFirst());
            }
            live.addLast(grant);
            return evicted;
        }

        synchronized void end(SimGrant grant) {
            live.remove(grant);
            ended.addLast(grant);
            if (ended.size() > ENDED_GRANTS_KEPT) {
                ended.pollFirst();
            }
        }

        synchronized List<SimGrant> live() {
            return live.stream().filter(g -> !g.isRevoked()).toList();
        }

        synchronized List<SimGrant> history() {
            return Stream.concat(ended.stream(), live.stream()).sorted(Comparator.comparingLong(SimGrant::id)).toList();
        }
    }
}
