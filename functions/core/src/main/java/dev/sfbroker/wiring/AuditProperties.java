package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.audit.*}.
 *
 * @param retention how long after it happened an audit event expires (DynamoDB TTL)
 */
@ConfigurationProperties("broker.audit")
public record AuditProperties(@Bindable(defaultValue = "400d") Duration retention) {
}
