package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The five approvals per user and connected app, against an in-memory Salesforce: its approvals, users, permissions and apps. */
class ApprovalLimitTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String USER = "integration@acme.example";
    private static final String USER_ID = "005000000000001AAA";
    private static final String ADMIN = "admin@acme.example";
    private static final String APP = "Acme Integration";
    private static final String APP_REF = "apps/acme";

    /** Every approval in the org. */
    private final List<SalesforceApproval> listed = new ArrayList<>();
    /** The org's users by username. */
    private final Map<String, String> users = new HashMap<>(Map.of(USER, USER_ID, ADMIN, "005000000000009AAA"));
    /** Access tokens whose user has "Customize Application". */
    private final Set<String> admins = new HashSet<>();
    /** Access tokens of another org: it has none of these users. */
    private final Set<String> otherOrg = new HashSet<>();
    /** App labels the Metadata API gives, by credentials secret. */
    private final Map<String, String> appNames = new HashMap<>();
    private String refusal;
    /** The access tokens that read approvals, in order. */
    private final List<String> readBy = new ArrayList<>();
    private final List<String> lookedUp = new ArrayList<>();

    private final ApprovalLimit limit = new ApprovalLimit(new ApprovalsReader() {
        @Override
        public List<SalesforceApproval> approvalsOf(TokenSet reader, String userId) throws ApprovalsUnreadableException {
            readBy.add(reader.accessToken().reveal());
            if (refusal != null) {
                throw new ApprovalsUnreadableException(refusal);
            }
            return listed.stream().filter(approval -> approval.userId().equals(userId)).toList();
        }

        @Override
        public List<SalesforceApproval> approvalsOfApp(TokenSet reader, String appName) {
            readBy.add(reader.accessToken().reveal());
            return listed.stream().filter(approval -> approval.appName().equals(appName)).toList();
        }

        @Override
        public Optional<String> userId(TokenSet reader, String username) {
            lookedUp.add(reader.accessToken().reveal());
            return otherOrg.contains(reader.accessToken().reveal()) ? Optional.empty() : Optional.ofNullable(users.get(username));
        }

        @Override
        public boolean seesEveryUsersApprovals(TokenSet reader) {
            return admins.contains(reader.accessToken().reveal());
        }

        @Override
        public Optional<String> appName(TokenSet reader, String credentialsRef) {
            return Optional.ofNullable(appNames.get(credentialsRef));
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void fourApprovalsLeaveRoomForAFifth() {
        Connection held = connection("held", USER, "rt-held-0001");
        approvals(3);
        listed.add(approval(USER_ID, APP, 10, "rt-held-0001"));

        assertThat(limit.outlook(connection("new", USER, null), List.of(held), 0)).satisfies(outlook -> {
            assertThat(outlook.evicted()).isEmpty();
            assertThat(outlook.warnings()).isEmpty();
        });
    }

    @Test
    void aSixthApprovalEvictsTheOldestAndSaysWhetherTheBrokerHoldsIt() {
        Connection held = connection("held", USER, "rt-held-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        approvals(4);

        ApprovalLimit.DoomedGrant doomed = limit.outlook(connection("new", USER, null), List.of(held), 0).evicted().orElseThrow();

        assertThat(doomed).isEqualTo(new ApprovalLimit.DoomedGrant(APP, USER, NOW.minusSeconds(3_600), NOW.minusSeconds(60), "held"));
        assertThat(doomed.describe()).contains("which the broker holds for connection 'held'");
    }

    @Test
    void theOldestHeldByNobodyIsNamedAsAnotherToolsGrant() {
        Connection held = connection("held", USER, "rt-held-0001");
        approvals(4);
        listed.add(approval(USER_ID, APP, 100, "rt-held-0001"));

        ApprovalLimit.DoomedGrant doomed = limit.outlook(connection("new", USER, null), List.of(held), 0).evicted().orElseThrow();

        assertThat(doomed.heldBy()).isNull();
        assertThat(doomed.describe()).contains("which the broker does not hold");
    }

    @Test
    void reauthorisingAConnectionWhoseOwnGrantIsTheOldestEvictsNothingElse() {
        Connection self = connection("self", USER, "rt-self-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-self-0001"));
        approvals(4);

        assertThat(limit.outlook(self, List.of(self), 0).evicted()).isEmpty();
        assertThat(readBy).containsExactly("at-self");
    }

    @Test
    void anAuthorisationInProgressElsewhereCountsAsAnApprovalMadeFirst() {
        Connection held = connection("held", USER, "rt-held-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        approvals(3);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(held), 1);

        assertThat(outlook.evicted()).hasValueSatisfying(doomed -> assertThat(doomed.heldBy()).isEqualTo("held"));
        assertThat(outlook.warnings()).singleElement().asString().contains("1 other authorisation of the same user and app in progress");
        assertThat(limit.outlook(connection("new", USER, null), List.of(held), 2).evicted()).as("the one in progress evicts the oldest")
                .hasValueSatisfying(doomed -> assertThat(doomed.heldBy()).isNull());
    }

    @Test
    void otherUsersAndAppsDoNotCount() {
        Connection held = connection("held", USER, "rt-held-0001");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        approvals(3);
        IntStream.range(0, 5).forEach(i -> listed.add(approval("005000000000002AAA", APP, 50 + i, "rt-colleague-" + i)));
        IntStream.range(0, 5).forEach(i -> listed.add(approval(USER_ID, "Another App", 60 + i, "rt-other-" + i)));

        assertThat(limit.outlook(connection("new", USER, null), List.of(held), 0).evicted()).isEmpty();
    }

    @Test
    void aFirstAuthorisationCountsOtherToolsApprovalsByTheAppsNameThroughTheUsersOtherConnection() {
        appNames.put(APP_REF, APP);
        Connection jwt = jwt("jwt", USER);
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(jwt), 0);

        assertThat(readBy).as("the user's JWT connection reads them").containsExactly("at-jwt");
        assertThat(outlook.evicted()).hasValueSatisfying(doomed -> {
            assertThat(doomed.heldBy()).isNull();
            assertThat(doomed.createdDate()).isEqualTo(NOW.minusSeconds(3_600).plusSeconds(60L * 29));
        });
        assertThat(outlook.warnings()).isEmpty();
    }

    @Test
    void aConnectionOfAnotherUserReadsOnlyWithCustomizeApplication() {
        appNames.put(APP_REF, APP);
        Connection plain = jwt("plain", "colleague@acme.example");
        Connection admin = jwt("admin", ADMIN);
        admins.add("at-admin");
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(plain, admin), 0);

        assertThat(readBy).containsExactly("at-admin");
        assertThat(lookedUp).as("the user's id is looked up by username, which also proves the org").containsExactly("at-admin");
        assertThat(outlook.evicted()).isPresent();
    }

    @Test
    void aReaderOfAnotherOrgFindsNoSuchUserAndIsPassedOver() {
        appNames.put(APP_REF, APP);
        Connection elsewhere = jwt("elsewhere", ADMIN);
        admins.add("at-elsewhere");
        otherOrg.add("at-elsewhere");
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(elsewhere), 0);

        assertThat(readBy).isEmpty();
        assertThat(outlook.evicted()).isEmpty();
        assertThat(outlook.warnings()).singleElement().asString().contains("connection 'elsewhere' finds no Salesforce user " + USER);
    }

    @Test
    void aRecordedUserIdIsUsedWithoutLookingItUp() {
        Connection registered = connection("held", USER, "rt-held-0001");
        Connection held = new Connection("held", registered.loginHost(), USER, APP_REF, Flow.REFRESH_TOKEN, null, null, Set.of(), null,
                ConnectionState.ACTIVE, null, registered.token(), registered.grant(), null, null, false, null,
                new SalesforceUser("00D000000000001AAA", USER_ID), 0);
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));

        limit.outlook(held, List.of(held), 0);

        assertThat(lookedUp).isEmpty();
        assertThat(readBy).containsExactly("at-held");
    }

    @Test
    void whenNoConnectionCanReadTheApprovalsTheAnswerSaysSoAndCountsTheBrokersOwn() {
        Connection held = connection("held", USER, "rt-held-0001");
        refusal = "Salesforce refused the query on OauthToken (HTTP 403)";

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(held), 0);

        assertThat(outlook.evicted()).isEmpty();
        assertThat(outlook.warnings()).singleElement().asString()
                .contains("could not be counted", "connection 'held': Salesforce refused the query", "the broker holds 1 of them");
    }

    @Test
    void withoutAGrantTheBrokerHoldsNorTheAppsNameTheApprovalsCannotBeToldApart() {
        Connection jwt = jwt("jwt", USER);
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(jwt), 0);

        assertThat(outlook.evicted()).isEmpty();
        assertThat(outlook.warnings()).singleElement().asString().contains("gives no connected_app", "cannot be told apart",
                "the broker holds 0 of them");
    }

    @Test
    void aReasonSeveralReadersShareIsGivenOnce() {
        approvals(5);

        ApprovalLimit.Outlook outlook = limit.outlook(connection("new", USER, null), List.of(jwt("jwt-1", USER), jwt("jwt-2", USER)), 0);

        assertThat(outlook.warnings()).singleElement().asString().containsOnlyOnce("gives no connected_app");
    }

    @Test
    void aConnectionWithoutAValidTokenReadsNothing() {
        assertThat(limit.outlook(connection("new", USER, null), List.of(), 0).warnings()).singleElement().asString()
                .contains("no connection of " + USER);
        assertThat(readBy).isEmpty();
    }

    @Test
    void everyUsersApprovalsOfTheAppThatNoConnectionHoldsAreReadThroughAConnectionWithCustomizeApplication() {
        appNames.put(APP_REF, APP);
        Connection held = connection("held", USER, "rt-held-0001");
        Connection admin = jwt("admin", ADMIN);
        admins.add("at-admin");
        listed.add(approval(USER_ID, APP, 1, "rt-held-0001"));
        listed.add(approval("005000000000002AAA", APP, 2, "rt-stranger-01"));
        listed.add(approval("005000000000002AAA", "Another App", 3, "rt-other-0001"));

        ApprovalLimit.Unseen unheld = limit.unheldOfApp(held, List.of(held, admin));

        assertThat(unheld.unread()).isNull();
        assertThat(unheld.approvals()).singleElement().satisfies(approval -> assertThat(approval.userId()).isEqualTo("005000000000002AAA"));
        assertThat(readBy).containsExactly("at-admin");
    }

    @Test
    void withoutAConnectionWithCustomizeApplicationTheAppsApprovalsAreNotSearched() {
        appNames.put(APP_REF, APP);
        Connection held = connection("held", USER, "rt-held-0001");

        ApprovalLimit.Unseen unheld = limit.unheldOfApp(held, List.of(held));

        assertThat(unheld.approvals()).isEmpty();
        assertThat(unheld.unread()).contains("connection 'held' (" + USER + ") sees only its own user's approvals");
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

    /** A refresh-token connection of the app, holding {@code refreshToken} (none when null) and a valid access token then. */
    private static Connection connection(String id, String username, String refreshToken) {
        return new Connection(id, LoginHost.of("https://login.salesforce.com", null), username, APP_REF, Flow.REFRESH_TOKEN, null, null,
                Set.of(), null, ConnectionState.ACTIVE, null, refreshToken == null ? null : token("at-" + id),
                refreshToken == null ? null : new Grant(Secret.of(refreshToken), false), null, null, false, null, null, 0);
    }

    /** A JWT connection of another app, with a valid access token. */
    private static Connection jwt(String id, String username) {
        return new Connection(id, LoginHost.of("https://login.salesforce.com", null), username, "apps/jwt", Flow.JWT_BEARER, null, null,
                Set.of(), null, ConnectionState.ACTIVE, null, token("at-" + id), null, null, null, false, null, null, 0);
    }

    private static TokenSet token(String accessToken) {
        return new TokenSet(Secret.of(accessToken), "https://acme.my.salesforce.com", "Bearer", NOW.minusSeconds(60),
                NOW.plusSeconds(3_600), NOW.plusSeconds(1_800));
    }
}
