package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The five approvals per user and connected app, against an in-memory list of Salesforce's approvals. */
class ApprovalLimitTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String USER = "integration@acme.example";
    private static final String USER_ID = "005000000000001AAA";
    private static final String APP = "Acme Integration";

    /** What Salesforce lists: each reader's token sees them all, or none when {@code refusal} is set. */
    private final List<SalesforceApproval> listed = new ArrayList<>();
    private String refusal;
    private final List<String> readBy = new ArrayList<>();

    private final ApprovalLimit limit = new ApprovalLimit(token -> {
        readBy.add(token.accessToken().reveal());
        if (refusal != null) {
            throw new ApprovalsUnreadableException(refusal);
        }
        return List.copyOf(listed);
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void fourApprovalsLeaveRoomForAFifth() {
        Connection held = connection("held", "apps/acme", "rt-held-0001");
        approvals(3);
        listed.add(approval(USER_ID, APP, 10, "rt-held-0001"));

        assertThat(limit.outlook(connection("new", "apps/acme", null), List.of(held))).satisfies(outlook -> {
            assertThat(outlook.evicted()).isEmpty();
            assertThat(outlook.warnings()).isEmpty();
        });
    }

    @Test
    void aSixthApprovalEvictsTheOldestAndSaysWhetherTheBrokerHoldsIt() {
        Connection held = connection("held", "apps/acme", "rt-held-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        approvals(4);

        ApprovalLimit.DoomedGrant doomed = limit.outlook(connection("new", "apps/acme", null), List.of(held)).evicted().orElseThrow();

        assertThat(doomed).isEqualTo(new ApprovalLimit.DoomedGrant(APP, USER, NOW.minusSeconds(3_600), NOW.minusSeconds(60), "held"));
        assertThat(doomed.describe()).contains("which the broker holds for connection 'held'");
    }

    @Test
    void theOldestHeldByNobodyIsNamedAsAnotherToolsGrant() {
        Connection held = connection("held", "apps/acme", "rt-held-0001");
        approvals(4);
        listed.add(approval(USER_ID, APP, 100, "rt-held-0001"));

        ApprovalLimit.DoomedGrant doomed = limit.outlook(connection("new", "apps/acme", null), List.of(held)).evicted().orElseThrow();

        assertThat(doomed.heldBy()).isNull();
        assertThat(doomed.describe()).contains("which the broker does not hold");
    }

    @Test
    void reauthorisingAConnectionWhoseOwnGrantIsTheOldestEvictsNothingElse() {
        Connection self = connection("self", "apps/acme", "rt-self-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-self-0001"));
        approvals(4);

        assertThat(limit.outlook(self, List.of(self)).evicted()).isEmpty();
        assertThat(readBy).containsExactly("at-self");
    }

    @Test
    void otherUsersAndAppsDoNotCount() {
        Connection held = connection("held", "apps/acme", "rt-held-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        approvals(3);
        IntStream.range(0, 5).forEach(i -> listed.add(approval("005000000000002AAA", APP, 50 + i, "rt-colleague-" + i)));
        IntStream.range(0, 5).forEach(i -> listed.add(approval(USER_ID, "Another App", 60 + i, "rt-other-" + i)));

        assertThat(limit.outlook(connection("new", "apps/acme", null), List.of(held)).evicted()).isEmpty();
    }

    @Test
    void whenNoConnectionCanReadTheApprovalsTheAnswerSaysSoAndCountsTheBrokersOwn() {
        Connection held = connection("held", "apps/acme", "rt-held-0001");
        refusal = "Salesforce refused the query on OauthToken (HTTP 403)";

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", "apps/acme", null), List.of(held));

        assertThat(outlook.evicted()).isEmpty();
        assertThat(outlook.warnings()).singleElement().asString()
                .contains("could not be counted", "connection 'held': Salesforce refused the query", "the broker holds 1 of them");
    }

    @Test
    void withoutAGrantTheBrokerHoldsTheApprovalsCannotBeToldApart() {
        Connection jwt = new Connection("jwt", LoginHost.of("https://login.salesforce.com", null), USER, "apps/jwt", Flow.JWT_BEARER,
                null, null, Set.of(), null, ConnectionState.ACTIVE, null, token("at-jwt"), null, null, null, false, null, 0);
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", "apps/acme", null), List.of(jwt));

        assertThat(readBy).as("the user's JWT connection reads them").containsExactly("at-jwt");
        assertThat(outlook.evicted()).isEmpty();
        assertThat(outlook.warnings()).singleElement().asString().contains("cannot be told apart", "the broker holds 0 of them");
    }

    @Test
    void aConnectionWithoutAValidTokenReadsNothing() {
        assertThat(limit.outlook(connection("new", "apps/acme", null), List.of()).warnings()).singleElement().asString()
                .contains("no connection of " + USER + " holds a valid access token");
        assertThat(readBy).isEmpty();
    }

    /** {@code count} approvals of the app by the user that the broker does not hold, created from 30 minutes after the first on. */
    private void approvals(int count) {
        IntStream.range(0, count).forEach(i -> listed.add(approval(USER_ID, APP, 30 + i, "rt-outside-" + i)));
    }

    /** An approval created {@code minutesAfterFirst} minutes after the first (an hour ago), last used a minute ago. */
    private static SalesforceApproval approval(String userId, String app, int minutesAfterFirst, String refreshToken) {
        return new SalesforceApproval(userId, app, NOW.minusSeconds(3_600).plusSeconds(60L * (minutesAfterFirst - 1)),
                NOW.minusSeconds(60), Secret.of(refreshToken.substring(0, Math.min(15, refreshToken.length())) + "..."),
                Secret.of("delete-" + refreshToken));
    }

    /** A refresh-token connection of the user, holding {@code refreshToken} (none when null) and a valid access token then. */
    private static Connection connection(String id, String credentialsRef, String refreshToken) {
        return new Connection(id, LoginHost.of("https://login.salesforce.com", null), USER, credentialsRef, Flow.REFRESH_TOKEN, null, null,
                Set.of(), null, ConnectionState.ACTIVE, null, refreshToken == null ? null : token("at-" + id),
                refreshToken == null ? null : new Grant(Secret.of(refreshToken), false), null, null, false, null, 0);
    }

    private static TokenSet token(String accessToken) {
        return new TokenSet(Secret.of(accessToken), "https://acme.my.salesforce.com", "Bearer", NOW.minusSeconds(60),
                NOW.plusSeconds(3_600), NOW.plusSeconds(1_800));
    }
}
