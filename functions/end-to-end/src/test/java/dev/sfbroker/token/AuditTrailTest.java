package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sfbroker.access.Caller;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Renewals, failures and blocks leave audit events: who, what, outcome, Salesforce's error, token by fingerprint. */
class AuditTrailTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    @Test
    void aFetchThatRenewsRecordsTheRenewalAndTheFetchOnceWithTheCallerAndTheTokensFingerprint() {
        env.register("audited");
        TokenService tokens = env.context().getBean(TokenService.class);

        TokenSet served = tokens.tokenFor("audited", CALLER);
        tokens.tokenFor("audited", CALLER);

        List<AuditEvent> events = events("audited");
        assertThat(events).extracting(AuditEvent::action).containsExactly(AuditEvent.Action.FETCHED, AuditEvent.Action.RENEWED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo(CALLER.principal());
            assertThat(event.outcome()).isEqualTo(AuditEvent.OK);
            assertThat(event.tokenFingerprint()).isEqualTo(served.fingerprint());
            assertThat(event.toString()).doesNotContain(served.accessToken().reveal());
        });
    }

    @Test
    void aTerminalErrorLeavesABlockedEventWithSalesforcesError() {
        env.org().addUser("unapproved@acme.example", "Standard User");
        env.register("blocked", LoginHost.of(env.salesforce().baseUrl(), null), "unapproved@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);

        assertThatThrownBy(() -> env.context().getBean(TokenService.class).tokenFor("blocked", CALLER))
                .isInstanceOf(TokenUnavailableException.class);

        AuditEvent event = events("blocked").get(0);
        assertThat(event.action()).isEqualTo(AuditEvent.Action.BLOCKED);
        assertThat(event.outcome()).isEqualTo("TERMINAL");
        assertThat(event.salesforceError()).isEqualTo("invalid_grant");
        assertThat(event.salesforceDescription()).isEqualTo("user hasn't approved this consumer");
    }

    @Test
    void theScheduleIsRecordedAsTheActorOfItsRenewals() {
        env.register("scheduled");

        new ScheduledRefreshHandler(env.context()).execute(new ScheduledRefreshHandler.Input(10));

        assertThat(events("scheduled")).extracting(AuditEvent::actor).containsExactly(AuditEvent.SCHEDULE);
    }

    @Test
    void everyRenewalOfAScheduledRunIsAuditedOnceThoughItsEventsAreWrittenInBatches() {
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> env.register("batched-" + i).id()).toList();

        new ScheduledRefreshHandler(env.context()).execute(new ScheduledRefreshHandler.Input(10));

        assertThat(ids).allSatisfy(id -> assertThat(events(id)).extracting(AuditEvent::action, AuditEvent::actor)
                .containsExactly(tuple(AuditEvent.Action.RENEWED, AuditEvent.SCHEDULE)));
    }

    @Test
    void aScheduledRunWhoseAuditTableCannotBeWrittenLogsEveryEventItCouldNotWrite() {
        List<String> ids = IntStream.range(0, 30).mapToObj(i -> env.register("unaudited-run-" + i).id()).toList();
        var brokenAudit = env.anotherInstance(Map.of("broker.store.audit-table", "no-such-table"));

        try (LogCapture logs = new LogCapture()) {
            new ScheduledRefreshHandler(brokenAudit).execute(new ScheduledRefreshHandler.Input(10));

            assertThat(ids).allSatisfy(id -> assertThat(logs.lines())
                    .anyMatch(line -> line.startsWith("audit event not written") && line.contains("connection " + id + ",")));
        }
    }

    @Test
    void anAuditTableThatCannotBeWrittenDoesNotCostTheCallerItsTokenAndIsLoggedAsAnError() {
        env.register("unaudited");
        var brokenAudit = env.anotherInstance(java.util.Map.of("broker.store.audit-table", "no-such-table"));

        try (dev.sfbroker.testing.LogCapture logs = new dev.sfbroker.testing.LogCapture()) {
            TokenSet served = brokenAudit.getBean(TokenService.class).tokenFor("unaudited", CALLER);

            assertThat(served.isValidAt(java.time.Instant.now())).isTrue();
            assertThat(logs.lines()).anyMatch(line -> line.startsWith("audit event not written") && line.contains("unaudited"));
        }
    }

    private static List<AuditEvent> events(String connection) {
        return env.context().getBean(AuditTrail.class).forConnection(connection, 10);
    }
}
