package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code broker.salesforce.*}: every call to Salesforce is bounded by these; both stay well under the function
 * timeout in template.yaml.
 *
 * @param connectTimeout time to open the connection
 * @param requestTimeout time to wait for the answer once the request is sent
 */
@ConfigurationProperties("broker.salesforce")
public record SalesforceHttpProperties(@Bindable(defaultValue = "3s") Duration connectTimeout,
                                       @Bindable(defaultValue = "8s") Duration requestTimeout) {

    /** The longest a single call can take. */
    public Duration longestCall() {
        return connectTimeout.plus(requestTimeout);
    }
}
