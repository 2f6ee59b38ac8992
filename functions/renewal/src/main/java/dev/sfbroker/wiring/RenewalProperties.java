package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.renewal.*}: single-flight renewal.
 *
 * @param lease                  how long a renewal holds the connection's lease at most: more than twice the longest
 *                               token call (checked at start-up) and longer than the function timeout (20 s), so an
 *                               expired lease means its holder is gone
 * @param retryAfterFailure      after a transient failure nobody renews the connection for this long
 * @param maxWait                a caller waits at most this long for another instance's renewal (API Gateway gives
 *                               up at 30 s)
 */
@ConfigurationProperties("broker.renewal")
public record RenewalProperties(@Bindable(defaultValue = "60s") Duration lease,
                                @Bindable(defaultValue = "30s") Duration retryAfterFailure,
                                @Bindable(defaultValue = "10s") Duration maxWait) {
}
