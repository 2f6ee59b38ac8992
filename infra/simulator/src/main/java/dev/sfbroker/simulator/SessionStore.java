package dev.sfbroker.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live sessions by access token. Dead sessions (expired or revoked) are dropped lazily and by a
 * sweep at most once per simulated minute, so a long benchmark does not grow without bound.
 * Thread safe.
 */
final class SessionStore {

    private static final long SWEEP_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

    private final SimClock clock;
    private final ConcurrentHashMap<String, SimSession> byToken = new ConcurrentHashMap<>();
    /** The newest session per (user, app, grant type), for "repeat exchange returns the same token". */
    private final ConcurrentHashMap<String, SimSession> newestByGrant = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong();

    SessionStore(SimClock clock) {
        this.clock = clock;
    }

    /** A new session; {@code grant} is the approval it is issued from, or null (JWT bearer). */
    SimSession create(SimUser user, SimConnectedApp app, String grantType, List<String> scopes, SimGrant grant) {
        Instant now = clock.instant();
        sweepIfDue(now);
        while (true) {
            SimSession session = new SimSession(Secrets.accessToken(user.org().id15()), user, app, grantType,
                    scopes, now, app.effectiveSessionTimeout(user), grant);
            if (byToken.putIfAbsent(session.accessToken(), session) == null) {
                newestByGrant.put(grantKey(user, app, grantType), session);
                return session;
            }
        }
    }

    /** The newest live session of this user, app and grant type, if any. */
    Optional<SimSession> live(SimUser user, SimConnectedApp app, String grantType) {
        SimSession session = newestByGrant.get(grantKey(user, app, grantType));
        return session != null && session.isActiveAt(clock.instant()) ? Optional.of(session) : Optional.empty();
    }

    /** The session of a token, live or not (until swept). */
    Optional<SimSession> find(String accessToken) {
        return accessToken == null ? Optional.empty() : Optional.ofNullable(byToken.get(accessToken));
    }

    /** The live session of a token, its inactivity timer reset; empty for unknown, expired or revoked tokens. */
    Optional<SimSession> use(String accessToken) {
        SimSession session = accessToken == null ? null : byToken.get(accessToken);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!session.isActiveAt(now)) {
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    /** The live sessions (not expired, not revoked), for reports and the control API. */
    List<SimSession> liveSessions() {
        Instant now = clock.instant();
        return byToken.values().stream().filter(s -> s.isActiveAt(now)).toList();
    }

    /** Forgets every session (the simulator's reset). */
    void clear() {
        byToken.clear();
        newestByGrant.clear();
    }

    private void sweepIfDue(Instant now) {
        long nowMillis = now.toEpochMilli();
        long last = lastSweepMillis.get();
        if (Math.abs(nowMillis - last) < SWEEP_INTERVAL_MILLIS || !lastSweepMillis.compareAndSet(last, nowMillis)) {
            return;
        }
        // Dead and unknown tokens answer alike, so dead sessions need not be kept.
        byToken.values().removeIf(s -> !s.isActiveAt(now));
        newestByGrant.values().removeIf(s -> !s.isActiveAt(now));
    }

    private static String grantKey(SimUser user, SimConnectedApp app, String grantType) {
        return user.id() + '|' + app.id() + '|' + grantType;
    }
}
