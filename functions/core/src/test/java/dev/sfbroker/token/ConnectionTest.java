package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A connection's session timeout bounds and where it came from, and which failure is current. */
class ConnectionTest {
    private static final Instant FAILED_AT = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aSessionTimeoutOutsideWhatSalesforceAllowsCannotExist() {
        assertThatThrownBy(() -> connection(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> connection(Duration.ofMinutes(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> connection(Duration.ofHours(25))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLearnedTimeoutStaysWhenADefinitionConfiguresNoneAndYieldsToAConfiguredOne() {
        Connection learned = connection(null).withLearnedSessionTimeout(Duration.ofMinutes(45));
        Connection unchanged = learned.withDefinition(learned.loginHost(), "u@acme.example", "ref", null, Set.of(), null);
        Connection configured = learned.withDefinition(learned.loginHost(), "u@acme.example", "ref", Duration.ofMinutes(30), Set.of(), null);

        assertThat(unchanged.sessionTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(unchanged.sessionTimeoutSource()).isEqualTo(SessionTimeoutSource.LEARNED);
        assertThat(unchanged.configuredSessionTimeout()).isNull();
        assertThat(configured.sessionTimeoutSource()).isEqualTo(SessionTimeoutSource.CONFIGURED);
        assertThat(configured.configuredSessionTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aFailureIsCurrentUntilATokenIsIssuedAfterIt() {
        assertThat(failedWithTokenIssuedAt(FAILED_AT.minusSeconds(60)).currentFailure()).isNotNull();
        assertThat(failedWithTokenIssuedAt(FAILED_AT.plusSeconds(60)).currentFailure()).isNull();
    }

    private static Connection failedWithTokenIssuedAt(Instant issuedAt) {
        Connection c = connection(null);
        TokenSet token = new TokenSet(Secret.of("00D!token"), "https://acme.my.salesforce.com", "Bearer", issuedAt, issuedAt.plusSeconds(7200),
                issuedAt.plusSeconds(6600));
        Failure failure = new Failure(FailureClass.TRANSIENT, null, null, "Salesforce did not answer", "retry", FAILED_AT);
        return new Connection(c.id(), c.loginHost(), c.username(), c.credentialsRef(), c.flow(), null, null, c.allowedPrincipals(),
                null, ConnectionState.ACTIVE, failure, token, null, null, null, false, null, null, 1);
    }

    private static Connection connection(Duration sessionTimeout) {
        return Connection.register("c", LoginHost.of("login", null), "u@acme.example", "ref", Flow.JWT_BEARER, sessionTimeout, Set.of());
    }
}
