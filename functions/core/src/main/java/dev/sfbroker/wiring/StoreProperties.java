package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code broker.store.*}: the DynamoDB tables. No defaults: a function deployed without them fails at start-up.
 *
 * @param connectionsTable the connections table (one item per connection, its tokens sealed)
 * @param auditTable       the audit table (audit events and policy reports)
 */
@ConfigurationProperties("broker.store")
public record StoreProperties(@NotBlank String connectionsTable, @NotBlank String auditTable) {
}
