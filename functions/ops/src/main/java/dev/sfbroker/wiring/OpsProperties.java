package dev.sfbroker.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code broker.ops.*}.
 *
 * @param principals the IAM principals (role or user ARNs; roles match their sessions) allowed on the ops routes
 */
@ConfigurationProperties("broker.ops")
public record OpsProperties(@Bindable(defaultValue = "") List<String> principals) {
}
