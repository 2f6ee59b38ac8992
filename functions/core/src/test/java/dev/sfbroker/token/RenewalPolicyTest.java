package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
    private static final Instant ISSUED = Instant.parse("2026-11-22T12:00:00Z");
    private final RenewalPolicy policy = new RenewalPolicy(Duration.ofHours(2), Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(30));

    @Test
    void expiryIsPredictedFromTheDefaultSessionTimeout() {
        assertThat(policy.predict(connection(null), issued()).expiresAt()).isEqualTo(ISSUED.plus(Duration.ofHours(2)));
    }

    @Test
    void connectionSessionTimeoutOverridesTheDefault() {
        assertThat(policy.predict(connection(Duration.ofMinutes(30)), issued()).expiresAt()).isEqualTo(ISSUED.plus(Duration.ofMinutes(30)));
    }

    @Test
    void renewalIsDueTheConfiguredMarginBeforeExpiry() {
        TokenSet token = policy.predict(connection(null), issued());

        assertThat(token.isDueAt(ISSUED.plus(Duration.ofMinutes(109)))).isFalse();
        assertThat(token.isDueAt(ISSUED.plus(Duration.ofMinutes(110)))).isTrue();
    }

    @Test
    void shortSessionIsRenewedAtHalfTimeNotOnEveryFetch() {
        TokenSet token = policy.predict(connection(Duration.ofMinutes(15)), issued());

        assertThat(token.isDueAt(ISSUED.plus(Duration.ofMinutes(7)))).isFalse();
        assertThat(token.isDueAt(ISSUED.plus(Duration.ofSeconds(450)))).isTrue();
    }

    private static IssuedToken issued() {
        return new IssuedToken(Secret.of("00Dxx0000001gPL!token"), "https://acme.my.salesforce.com", "Bearer", ISSUED, null, null);
    }

    private static Connection connection(Duration sessionTimeout) {
        return Connection.register("c", LoginHost.of("login", null), "u@acme.example", "ref", Flow.JWT_BEARER, sessionTimeout, Set.of());
    }
}
