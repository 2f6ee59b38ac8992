package dev.sfbroker.wiring;

import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.OrgBackoff;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.ScheduledRenewal;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The scheduled refresh and the refresh workers renew due connections through the shared renewer; only the scheduled
 * refresh has a fan-out (when its queue is configured).
 */
@Factory
final class ScheduledRenewalFactory {

    @Singleton
    ScheduledRenewal scheduledRenewal(ConnectionStore store, Renewer renewer, AuditTrail audit, Clock clock,
                                      ScheduleProperties schedule, OrgBackoffProperties backoff,
                                      Optional<ScheduledRenewal.FanOut> fanOut) {
        return new ScheduledRenewal(store, renewer, audit, clock, schedule.concurrency(),
                new OrgBackoff.Settings(backoff.firstPause(), backoff.maxPause(), backoff.maxFailures()),
                fanOut.orElse(ScheduledRenewal.FanOut.NEVER));
    }
}
