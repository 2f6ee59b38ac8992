package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code broker.schedule.fan-out.*}: when a run finds more than {@code above} connections due (0: never), it sends them
 * to the refresh workers' queue {@code queueUrl}, {@code perMessage} connection ids a message, instead of renewing
 * them itself. Without a queue URL the run renews everything itself.
 */
@ConfigurationProperties("broker.schedule.fan-out")
public record FanOutProperties(@Bindable(defaultValue = "0") @Min(0) int above,
                               @Nullable String queueUrl,
                               @Bindable(defaultValue = "100") @Min(1) @Max(1000) int perMessage) {
}
