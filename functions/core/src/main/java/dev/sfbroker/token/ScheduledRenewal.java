package dev.sfbroker.token;

import dev.sfbroker.observability.LogFields;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The scheduled refresh: renews every active connection whose renewal falls due within the horizon, with
 * bounded concurrency, backing off per org after transient errors. Runs that overlap renew each connection
 * once: each renewal takes the connection's lease, and a connection already renewed is no longer due.
 *
 * <p>The due connections are read a batch at a time, just ahead of their renewals, and the run's audit events are
 * written in batches: a renewal costs its two conditional writes (the lease, the completing write) and a small share
 * of a read and of an audit write.
 */
public final class ScheduledRenewal {

    /**
     * What one run did. {@code deferred}: left for the next run because their org kept failing; {@code queued}: sent
     * to the refresh workers' queue instead of renewed here, in {@code batchesQueued} messages.
     */
    public record Report(int due, int renewed, int alreadyCurrent, int busy, int failedTransient, int blocked, int deferred,
                         int queued, int batchesQueued) {
        public static final Report NOTHING = new Report(0, 0, 0, 0, 0, 0, 0, 0, 0);

        static Report queued(int due, int batches) {
            return new Report(due, 0, 0, 0, 0, 0, 0, due, batches);
        }

        /** Connections whose renewal failed: transiently (renewed by a later run) or for good (blocked). */
        public int failed() {
            return failedTransient + blocked;
        }

        /** What two runs (or two batches of a refresh worker) did together. */
        public Report plus(Report other) {
            return new Report(due + other.due, renewed + other.renewed, alreadyCurrent + other.alreadyCurrent, busy + other.busy,
                    failedTransient + other.failedTransient, blocked + other.blocked, deferred + other.deferred,
                    queued + other.queued, batchesQueued + other.batchesQueued);
        }
    }

    /**
     * Past {@code above} due connections (0: never), a run sends them to the refresh workers' queue, {@code perMessage}
     * ids a message, instead of renewing them itself.
     */
    public record FanOut(int above, int perMessage, RenewalQueue queue) {
        public static final FanOut NEVER = new FanOut(0, 1, null);

        boolean appliesTo(int due) {
            return queue != null && above > 0 && due > above;
        }
    }

    /** Due connections read per request; one batch is read ahead of the renewals, so a read is at most a moment old. */
    static final int READ_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRenewal.class);

    private final ConnectionStore store;
    private final Renewer renewer;
    private final AuditTrail audit;
    private final Clock clock;
    private final int concurrency;
    private final OrgBackoff.Settings backoff;
    private final FanOut fanOut;

    public ScheduledRenewal(ConnectionStore store, Renewer renewer, AuditTrail audit, Clock clock, int concurrency,
                            OrgBackoff.Settings backoff, FanOut fanOut) {
        this.store = store;
        this.renewer = renewer;
        this.audit = audit;
        this.clock = clock;
        this.concurrency = concurrency;
        this.backoff = backoff;
        this.fanOut = fanOut;
    }

    /** Renews every connection due within the horizon here, or, past the fan-out threshold, queues them for the workers. */
    public Report renewDue(Duration horizon) {
        List<String> due = store.dueForRenewal(clock.instant().plus(horizon));
        if (fanOut.appliesTo(due.size())) {
            List<List<String>> messages = new ArrayList<>();
            for (int from = 0; from < due.size(); from += fanOut.perMessage()) {
                messages.add(due.subList(from, Math.min(from + fanOut.perMessage(), due.size())));
            }
            fanOut.queue().send(messages);
            return Report.queued(due.size(), messages.size());
        }
        return renewEach(due, horizon);
    }

    /**
     * Renews those of these connections that are still due within the horizon (a refresh worker's batch, or a run's
     * due set): the lease rules keep a connection that another run or worker renews at the same time from being
     * renewed twice.
     */
    public Report renewEach(List<String> due, Duration horizon) {
        Tally tally = new Tally();
        OrgBackoff orgs = new OrgBackoff(backoff);
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        // connections read but not yet renewed: the next batch is read only when the workers are through most of this one
        Semaphore unrenewed = new Semaphore(2 * READ_BATCH);
        try (AuditTrail.Batch events = audit.batch()) {
            try {
                Map<String, String> invocation = MDC.getCopyOfContextMap();
                for (int from = 0; from < due.size(); from += READ_BATCH) {
                    List<String> ids = due.subList(from, Math.min(from + READ_BATCH, due.size()));
                    unrenewed.acquireUninterruptibly(ids.size());
                    List<Connection> read = readOrLeave(ids, tally);
                    unrenewed.release(ids.size() - read.size());
                    read.forEach(connection -> workers.execute(() -> {
                        // the workers' log lines carry the invocation's context (request id) and the connection they renew
                        if (invocation != null) {
                            MDC.setContextMap(invocation);
                        }
                        MDC.put(LogFields.CONNECTION, connection.id());
                        try {
                            renewOne(connection, horizon, orgs, tally, events);
                        } finally {
                            MDC.clear();
                            unrenewed.release();
                        }
                    }));
                }
            } finally {
                workers.shutdown();
                awaitTermination(workers);
            }
        }
        return new Report(due.size(), tally.renewed.get(), tally.alreadyCurrent.get(), tally.busy.get(),
                tally.failedTransient.get(), tally.blocked.get(), tally.deferred.get(), 0, 0);
    }

    /** One batch of due connections as stored now; if the store fails, the batch is left for the next run. */
    private List<Connection> readOrLeave(List<String> ids, Tally tally) {
        try {
            return store.findEach(ids);
        } catch (RuntimeException e) {
            LOG.error("could not read {} due connections ({}); the next run renews them", ids.size(), e.getClass().getSimpleName());
            tally.failedTransient.addAndGet(ids.size());
            return List.of();
        }
    }

    private void renewOne(Connection connection, Duration horizon, OrgBackoff orgs, Tally tally, AuditTrail.Recorder events) {
        if (!connection.state().mayCallSalesforce()) {
            return;
        }
        // the index is eventually consistent: another run may have renewed it a moment ago
        if (connection.token() != null && !connection.token().isDueAt(clock.instant().plus(horizon))) {
            tally.alreadyCurrent.incrementAndGet();
            return;
        }
        String org = orgOf(connection);
        if (!orgs.awaitTurn(org)) {
            tally.deferred.incrementAndGet();
            return;
        }
        switch (renewer.renew(connection, AuditEvent.SCHEDULE, events)) {
            case Renewer.Outcome.Renewed renewed -> tally.renewed.incrementAndGet();
            case Renewer.Outcome.Busy busy -> tally.busy.incrementAndGet();
            case Renewer.Outcome.Failed failed -> {
                if (failed.failure().failureClass().blocksConnectionAs() != null) {
                    tally.blocked.incrementAndGet();
                } else {
                    tally.failedTransient.incrementAndGet();
                    // a used-up login budget is the user's, not the org's, and no call was made
                    if (failed.failure().failureClass() != FailureClass.BUDGET_EXHAUSTED) {
                        orgs.failed(org);
                    }
                }
            }
        }
    }

    /** The org as far as the broker knows it: its instance once a token was issued, else its login host. */
    private static String orgOf(Connection connection) {
        return connection.token() != null ? connection.token().instanceUrl() : connection.loginHost().url().toString();
    }

    private static void awaitTermination(ExecutorService workers) {
        try {
            if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class Tally {
        final AtomicInteger renewed = new AtomicInteger();
        final AtomicInteger alreadyCurrent = new AtomicInteger();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger failedTransient = new AtomicInteger();
        final AtomicInteger blocked = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
    }
}
