package dev.sfbroker.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins per user in a rolling hour. Only logins that were let through are
 * recorded, so a blocked user is free again one hour after the window filled. Thread safe.
 */
final class LoginRateLimiter {

    private static final long WINDOW_MILLIS = Duration.ofHours(1).toMillis();

    private final ConcurrentHashMap<String, ArrayDeque<Long>> loginsByUserId = new ConcurrentHashMap<>();

    /** Records a login and returns true, or returns false if the user already has {@code limit} in the last hour. */
    boolean tryLogin(SimUser user, Instant now, int limit) {
        long nowMillis = now.toEpochMilli();
        ArrayDeque<Long> logins = loginsByUserId.computeIfAbsent(user.id(), k -> new ArrayDeque<>());
        synchronized (logins) {
            while (!logins.isEmpty() && logins.peekFirst() <= nowMillis - WINDOW_MILLIS) {
                logins.pollFirst();
            }
            if (logins.size() >= limit) {
                return false;
            }
            logins.addLast(nowMillis);
            return true;
        }
    }

    /** Logins of the user in the hour before {@code now}. */
    int loginsInWindow(SimUser user, Instant now) {
        ArrayDeque<Long> logins = loginsByUserId.get(user.id());
        if (logins == null) {
            return 0;
        }
        long from = now.toEpochMilli() - WINDOW_MILLIS;
        synchronized (logins) {
            return (int) logins.stream().filter(t -> t > from).count();
        }
    }

    void reset() {
        loginsByUserId.clear();
    }
}
