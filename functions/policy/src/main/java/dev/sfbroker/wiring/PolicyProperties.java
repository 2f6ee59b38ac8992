package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.policy.*}: the Connected App policy audit.
 *
 * @param renewalInterval how often the refresh schedule runs: a session must outlast several runs
 * @param staleAfter      an unused grant older than this is a revoke candidate
 */
@ConfigurationProperties("broker.policy")
public record PolicyProperties(@Bindable(defaultValue = "5m") Duration renewalInterval,
                               @Bindable(defaultValue = "30d") Duration staleAfter) {
}
