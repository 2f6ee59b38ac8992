package dev.sfbroker.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open query cursors behind {@code nextRecordsUrl}: the records a query found, by locator
 * ({@code 01g...}). As on Salesforce, a user keeps at most {@value #MAX_OPEN_PER_USER} open (opening one
 * more closes the oldest), a cursor closes after {@link #IDLE_TIMEOUT} unused (simulated clock), and
 * only the user who ran the query can read it. Thread safe.
 */
final class QueryCursors {

    static final int MAX_OPEN_PER_USER = 10;
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    private static final String LOCATOR_PREFIX = "01g";

    /** A query's records, its {@code totalSize}, and the records per page. */
    record Cursor(SimUser user, List<Map<String, Object>> records, int totalSize, int batchSize) {

        Cursor {
            records = List.copyOf(records);
        }
    }

    private static final class Entry {
        final Cursor cursor;
        final Instant opened;
        Instant lastUsed;

        Entry(Cursor cursor, Instant now) {
            this.cursor = cursor;
            this.opened = now;
            this.lastUsed = now;
        }
    }

    private final SimClock clock;
    private final Map<String, Entry> open = new LinkedHashMap<>();

    QueryCursors(SimClock clock) {
        this.clock = clock;
    }

    /** Opens a cursor; returns its locator. */
    synchronized String open(Cursor cursor) {
        Instant now = clock.instant();
        closeIdle(now);
        List<String> mine = open.entrySet().stream().filter(e -> e.getValue().cursor.user() == cursor.user())
                .sorted(Comparator.comparing(e -> e.getValue().opened)).map(Map.Entry::getKey).toList();
        for (int i = 0; i <= mine.size() - MAX_OPEN_PER_USER; i++) {
            open.remove(mine.get(i));
        }
        String locator;
        do {
            locator = SalesforceIds.to18(SalesforceIds.newId15(LOCATOR_PREFIX));
        } while (open.containsKey(locator));
        open.put(locator, new Entry(cursor, now));
        return locator;
    }

    /** The user's open cursor of that locator, its idle timer reset; empty if unknown, closed, idle, or another user's. */
    synchronized Optional<Cursor> find(SimUser user, String locator) {
        Instant now = clock.instant();
        closeIdle(now);
        Entry entry = open.get(locator);
        if (entry == null || entry.cursor.user() != user) {
            return Optional.empty();
        }
        entry.lastUsed = now;
        return Optional.of(entry.cursor);
    }

    synchronized void close(String locator) {
        open.remove(locator);
    }

    /** Closes every cursor (the simulator's reset). */
    synchronized void clear() {
        open.clear();
    }

    private void closeIdle(Instant now) {
        open.values().removeIf(e -> !now.isBefore(e.lastUsed.plus(IDLE_TIMEOUT)));
    }
}
