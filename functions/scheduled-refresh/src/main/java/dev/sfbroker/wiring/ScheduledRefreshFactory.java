package dev.sfbroker.wiring;

import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.OrgBackoff;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.ScheduledRenewal;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The scheduled refresh renews every due connection through the shared renewer. */
@Factory
final class ScheduledRefreshFactory {

    @Singleton
    ScheduledRenewal scheduledRenewal(ConnectionStore store, Renewer renewer, AuditTrail audit, Clock clock,
                                      ScheduleProperties schedule, OrgBackoffProperties backoff) {
        return new ScheduledRenewal(store, renewer, audit, clock, schedule.concurrency(),
                new OrgBackoff.Settings(backoff.firstPause(), backoff.maxPause(), backoff.maxFailures()));
    }
}
