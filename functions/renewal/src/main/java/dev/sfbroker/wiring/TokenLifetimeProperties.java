package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.token.*}: Salesforce sends no {@code expires_in}, so the broker predicts expiry.
 *
 * @param defaultSessionTimeout the access token lifetime assumed until a connection's own is configured or learned
 *                              (Salesforce's default session timeout is 2 hours)
 * @param renewBefore           renew this long before the predicted expiry
 */
@ConfigurationProperties("broker.token")
public record TokenLifetimeProperties(@Bindable(defaultValue = "2h") Duration defaultSessionTimeout,
                                      @Bindable(defaultValue = "10m") Duration renewBefore) {
}
