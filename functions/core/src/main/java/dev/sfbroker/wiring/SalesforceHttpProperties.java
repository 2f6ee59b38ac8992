package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * {@code broker.salesforce.*}: every call to Salesforce is bounded by these; both stay well under the function
 * timeout in template.yaml.
 *
 * @param connectTimeout time to open the connection
 * @param requestTimeout time to wait for the answer once the request is sent
 * @param extraHosts base URLs the broker may log in at besides Salesforce's own hosts (the simulator locally and in
 *                   tests); template.yaml never sets it, so in AWS the broker talks to Salesforce only
 */
@ConfigurationProperties("broker.salesforce")
public record SalesforceHttpProperties(@Bindable(defaultValue = "3s") Duration connectTimeout,
                                       @Bindable(defaultValue = "8s") Duration requestTimeout,
                                       @Nullable List<String> extraHosts) {

    public SalesforceHttpProperties {
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }

    /** The longest a single call can take. */
    public Duration longestCall() {
        return connectTimeout.plus(requestTimeout);
    }
}
