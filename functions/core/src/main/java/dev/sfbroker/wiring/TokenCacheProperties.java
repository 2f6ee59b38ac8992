package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.token-cache.*}: each container's memory of the connections it read to serve a token.
 *
 * @param staleness how long a connection read to serve a token serves again from memory, without a DynamoDB read; a
 *                  revocation or renewal elsewhere reaches this container at most this late. {@code 0s} turns it off
 */
@ConfigurationProperties("broker.token-cache")
public record TokenCacheProperties(@Bindable(defaultValue = "5s") Duration staleness) {

    public TokenCacheProperties {
        if (staleness.isNegative()) {
            throw new IllegalArgumentException("broker.token-cache.staleness must not be negative: " + staleness);
        }
    }
}
