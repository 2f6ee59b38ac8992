package dev.sfbroker.token;

import java.util.List;

/** The audit trail: every renewal, failure, block and authorisation, kept for a configured time. */
public interface AuditTrail {

    /** Records the event; returns its id (unique within the connection's events), or null if it could not be written. */
    String record(AuditEvent event);

    /** The connection's events, newest first. */
    List<AuditEvent> forConnection(String connectionId, int limit);

    /**
     * Records the events of one run (the schedule's) together, in as few writes as the store allows. Every event
     * recorded is written by {@link Batch#close()} at the latest; one the store refuses is reported as
     * {@link #record} reports it. By default each event is recorded at once.
     */
    default Batch batch() {
        return new Batch() {
            @Override
            public String record(AuditEvent event) {
                return AuditTrail.this.record(event);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Where a renewal records what it did. */
    interface Recorder {
        /** Returns the event's id, or null if it could not be written. */
        String record(AuditEvent event);
    }

    /** The events of one run; thread-safe. */
    interface Batch extends Recorder, AutoCloseable {
        /** Writes what is left. */
        @Override
        void close();
    }
}
