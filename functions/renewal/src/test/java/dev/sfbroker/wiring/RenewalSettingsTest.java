package dev.sfbroker.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.token.RenewalPolicy;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The settings are checked when a function starts (in Lambda every singleton is built at start-up), so a
 * function with settings that break a rule never serves a request.
 */
class RenewalSettingsTest {

    @Test
    void theDefaultsStart() {
        try (ApplicationContext function = start(Map.of())) {
            assertThat(function.getBean(RenewalProperties.class).lease()).hasSeconds(60);
            assertThat(function.getBean(SalesforceHttpProperties.class).longestCall()).hasSeconds(11);
            assertThat(function.getBean(DynamoDbClientBuilder.class).overrideConfiguration().apiCallTimeout()).hasValue(Duration.ofSeconds(8));
        }
    }

    @Test
    void aLeaseShorterThanTwiceTheLongestRenewalStopsTheFunction() {
        assertThatThrownBy(() -> start(Map.of("broker.renewal.lease", "30s")).close())
                .rootCause().hasMessageContaining("broker.renewal.lease (PT30S) must be at least twice the longest renewal");
        assertThatThrownBy(() -> start(Map.of("broker.store.call-timeout", "30s")).close())
                .rootCause().hasMessageContaining("broker.store.call-timeout = PT30S");
    }

    @Test
    void aMissingTableNameStopsTheFunction() {
        assertThatThrownBy(() -> start(Map.of("broker.store.connections-table", "")).close())
                .hasStackTraceContaining("connectionsTable").hasStackTraceContaining("must not be blank");
    }

    /** A function's context as Lambda starts it: every singleton built at once. */
    private static ApplicationContext start(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "aws.region", "us-east-1",
                "broker.store.connections-table", "connections",
                "broker.store.audit-table", "audit",
                "broker.encryption.mode", "local",
                "broker.encryption.local-key", Base64.getEncoder().encodeToString(new byte[32]),
                "broker.secrets.source", "local",
                "broker.secrets.local-dir", System.getProperty("java.io.tmpdir")));
        properties.putAll(overrides);
        ApplicationContext context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        context.getBean(RenewalPolicy.class);
        return context;
    }
}
