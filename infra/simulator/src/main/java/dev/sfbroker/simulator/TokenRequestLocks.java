package dev.sfbroker.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The locks of the token requests in processing: Salesforce refuses a second token
 * request with the same refresh token while the first is still being processed, and does not apply it;
 * the first goes on. A request names its lock by a key ({@link TokenEndpoint} derives it from the token
 * or the app, per {@link SimSettings#tokenRequestLock()}). Thread safe.
 */
final class TokenRequestLocks {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Takes the lock named {@code key}, or learns that another request holds it; a null key takes none. */
    Hold take(String key) {
        return new Hold(key, key == null || held.add(key));
    }

    /** One request's lock, until closed; {@link #refused()} if another request in processing held it. */
    final class Hold implements AutoCloseable {

        private final String key;
        private final boolean taken;

        private Hold(String key, boolean taken) {
            this.key = key;
            this.taken = taken;
        }

        boolean refused() {
            return !taken;
        }

        /** Releases the lock if this request took it. */
        @Override
        public void close() {
            if (taken && key != null) {
                held.remove(key);
            }
        }
    }
}
