package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * {@code broker.schedule.org-backoff.*}: when an org's renewals fail transiently, the run pauses that org's
 * renewals, doubling from {@code firstPause} up to {@code maxPause}, and defers the org after {@code maxFailures}.
 */
@ConfigurationProperties("broker.schedule.org-backoff")
public record OrgBackoffProperties(@Bindable(defaultValue = "200ms") Duration firstPause,
                                   @Bindable(defaultValue = "5s") Duration maxPause,
                                   @Bindable(defaultValue = "3") @Min(1) int maxFailures) {
}
