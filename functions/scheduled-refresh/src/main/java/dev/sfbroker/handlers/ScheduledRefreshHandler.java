package dev.sfbroker.handlers;

import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.wiring.ScheduleProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The scheduled refresh (EventBridge Scheduler, every few minutes). Its input is the schedule's own JSON,
 * {@code {"horizon_minutes": 10}}: renew every connection whose renewal falls due within that many minutes
 * (default: {@code broker.schedule.horizon}).
 */
public class ScheduledRefreshHandler extends MicronautRequestHandler<ScheduledRefreshHandler.Input, ScheduledRefreshHandler.Result> {

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Input(Integer horizonMinutes) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Result(int due, int renewed, int alreadyCurrent, int busy, int failedTransient, int blocked, int deferred) {
        static Result of(ScheduledRenewal.Report report) {
            return new Result(report.due(), report.renewed(), report.alreadyCurrent(), report.busy(), report.failedTransient(),
                    report.blocked(), report.deferred());
        }
    }

    @Inject
    ScheduledRenewal renewal;

    @Inject
    ScheduleProperties schedule;

    /** Lambda's constructor. */
    public ScheduledRefreshHandler() {
    }

    public ScheduledRefreshHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Result execute(Input input) {
        Duration horizon = input != null && input.horizonMinutes() != null ? Duration.ofMinutes(input.horizonMinutes()) : schedule.horizon();
        return Result.of(renewal.renewDue(horizon));
    }
}
