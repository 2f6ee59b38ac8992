package dev.sfbroker.handlers;

import dev.sfbroker.observability.LoggedRequestHandler;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.wiring.ScheduleProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The scheduled refresh (EventBridge Scheduler, every few minutes). Its input is the schedule's own JSON,
 * {@code {"horizon_minutes": 10}}: renew every connection whose renewal falls due within that many minutes
 * (default: {@code broker.schedule.horizon}), or, past {@code broker.schedule.fan-out.above} of them, queue them for the
 * refresh workers ({@code queued}, in {@code batches_queued} messages).
 */
public class ScheduledRefreshHandler extends LoggedRequestHandler<ScheduledRefreshHandler.Input, ScheduledRefreshHandler.Result> {

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Input(Integer horizonMinutes) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Result(int due, int renewed, int alreadyCurrent, int busy, int failedTransient, int blocked, int deferred, int queued,
                         int batchesQueued) {
        static Result of(ScheduledRenewal.Report report) {
            return new Result(report.due(), report.renewed(), report.alreadyCurrent(), report.busy(), report.failedTransient(),
                    report.blocked(), report.deferred(), report.queued(), report.batchesQueued());
        }
    }

    @Inject
    ScheduledRenewal renewal;

    @Inject
    ScheduleProperties schedule;

    @Inject
    RenewalEvents events;

    /** Lambda's constructor. */
    public ScheduledRefreshHandler() {
    }

    public ScheduledRefreshHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Result handle(Input input) {
        Duration horizon = input != null && input.horizonMinutes() != null ? Duration.ofMinutes(input.horizonMinutes()) : schedule.horizon();
        long start = System.nanoTime();
        ScheduledRenewal.Report report = renewal.renewDue(horizon);
        // the heartbeat: its alarm treats a missing run as breaching
        events.scheduleRun(report, Duration.ofNanos(System.nanoTime() - start));
        return Result.of(report);
    }
}
