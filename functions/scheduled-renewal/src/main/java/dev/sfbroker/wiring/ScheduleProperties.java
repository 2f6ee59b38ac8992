package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * {@code broker.schedule.*}: the scheduled refresh.
 *
 * @param horizon     renew connections due within this (the schedule runs every 5 minutes)
 * @param concurrency renewals in flight at once in one invocation
 */
@ConfigurationProperties("broker.schedule")
public record ScheduleProperties(@Bindable(defaultValue = "10m") Duration horizon,
                                 @Bindable(defaultValue = "16") @Min(1) @Max(256) int concurrency) {
}
