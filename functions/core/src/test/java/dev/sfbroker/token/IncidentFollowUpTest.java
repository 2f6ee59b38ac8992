package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentFollowUpTest {

    @Test
    void aCompromisedAppNeedsItsConsumerSecretRotatedAndItsCertificateReplacedBeforeItsConnectionsComeBack() {
        List<ConnectionOperations.IncidentEntry> revoked = List.of(
                entry("sync-jwt", Flow.JWT_BEARER), entry("sync-refresh", Flow.REFRESH_TOKEN));

        List<String> steps = IncidentFollowUp.steps(new IncidentSelector("apps/leaked", null, null), revoked);

        assertThat(steps).hasSize(5);
        assertThat(steps.get(0)).contains("Generate new consumer secret").contains("'apps/leaked'");
        assertThat(steps.get(1)).contains("Use digital signatures").contains("private_key");
        assertThat(steps.get(2)).contains("grants the broker does not hold");
        assertThat(steps.get(3)).contains("/enable").contains("sync-jwt");
        assertThat(steps.get(4)).contains("/authorization").contains("sync-refresh");
    }

    @Test
    void aUserIncidentAsksToSecureTheUserAndLeavesTheAppsCredentialsAlone() {
        List<String> steps = IncidentFollowUp.steps(new IncidentSelector(null, "u@acme.example", null),
                List.of(entry("sync-refresh", Flow.REFRESH_TOKEN)));

        assertThat(steps).anySatisfy(step -> assertThat(step).contains("Secure the user u@acme.example"))
                .noneSatisfy(step -> assertThat(step).contains("consumer secret"))
                .noneSatisfy(step -> assertThat(step).contains("digital signatures"));
    }

    private static ConnectionOperations.IncidentEntry entry(String id, Flow flow) {
        return new ConnectionOperations.IncidentEntry(id, "u@acme.example", "apps/leaked", flow, ConnectionOperations.IncidentOutcome.REVOKED,
                new RevocationReport(id, RevocationTarget.GRANT, true, true, true, "revoked"));
    }
}
