package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * {@code broker.store.*}: the DynamoDB tables (no defaults: a function deployed without them fails at start-up) and
 * how long one DynamoDB call may take.
 *
 * @param connectionsTable the connections table (one item per connection, its tokens sealed)
 * @param auditTable       the audit table (audit events and policy reports)
 * @param callTimeout      one DynamoDB call, the SDK's retries included: under sustained throttling the SDK would
 *                         otherwise retry for most of a minute, long enough for a renewal's write to outlive its lease
 */
@ConfigurationProperties("broker.store")
public record StoreProperties(@NotBlank String connectionsTable, @NotBlank String auditTable,
                              @Bindable(defaultValue = "8s") Duration callTimeout) {
}
