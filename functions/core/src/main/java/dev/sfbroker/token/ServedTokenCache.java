package dev.sfbroker.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections this container read to serve a token, each kept for at most {@code staleness} after it was read,
 * so a hot connection's token is served from memory without a DynamoDB read. The price: a change made elsewhere
 * (a revocation, a disabled connection, a new allowed principal, a renewal by another container) is seen here up to
 * {@code staleness} late; a change made in this container ({@link #forget}) is seen at once. Only a token is ever
 * served from here: never one past its renewal time, never after a report that it was rejected, and never an error
 * (a connection that cannot be served is read again). An entry is only ever replaced by a newer version of its
 * connection. Zero staleness turns the cache off.
 */
public final class ServedTokenCache {
    private record Entry(Connection connection, Instant readAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration staleness;
    private final Clock clock;

    public ServedTokenCache(Duration staleness, Clock clock) {
        this.staleness = staleness;
        this.clock = clock;
    }

    /** The connection as read at most {@code staleness} ago, if this container read it then. */
    Optional<Connection> recent(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.readAt().plus(staleness))) {
            entries.remove(id, entry);
            return Optional.empty();
        }
        return Optional.of(entry.connection());
    }

    /** Keeps {@code connection}, read at {@code readAt}, unless a newer version of it is kept already. */
    void remember(Connection connection, Instant readAt) {
        if (staleness.isZero()) {
            return;
        }
        Entry read = new Entry(connection, readAt);
        entries.merge(connection.id(), read, (kept, candidate) ->
                candidate.connection().version() >= kept.connection().version() ? candidate : kept);
    }

    /** Called by whatever changes the connection in this container, which then sees the change at once. */
    public void forget(String id) {
        entries.remove(id);
    }
}
