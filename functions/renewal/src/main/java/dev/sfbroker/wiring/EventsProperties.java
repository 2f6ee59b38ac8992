package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code broker.events.*}: where connection state changes are published.
 *
 * @param busName the EventBridge event bus (name or ARN) the functions that change a connection's state publish to;
 *                without one (the local runner, tests) each event is a log line instead
 */
@ConfigurationProperties("broker.events")
public record EventsProperties(@Nullable String busName) {
}
