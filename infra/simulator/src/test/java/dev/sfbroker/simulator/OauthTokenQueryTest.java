package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code SELECT ... FROM OauthToken} over REST: one row per live refresh-token approval. */
class OauthTokenQueryTest extends AdminViewTestBase {

    private static final String ALL_FIELDS = "SELECT AccessToken, AppMenuItemId, AppName, CreatedDate, DeleteToken, Id,"
            + " LastUsedDate, RequestToken, UseCount, UserId FROM OauthToken";
    private static final String DATETIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000";

    // a row per refresh-token grant, with the documented fields; Id and RequestToken null, AccessToken not the token
    @Test
    void eachLiveRefreshTokenGrantIsOneRow() {
        Tokens first = connect();
        sim.clock().freeze().advance(Duration.ofMinutes(5));
        Tokens second = connect();
        sim.clock().advance(Duration.ofMinutes(5));
        refreshed(second.refreshToken());

        JsonNode body = queried(ALL_FIELDS + " ORDER BY CreatedDate", second.accessToken());

        assertEquals(2, body.get("totalSize").asInt());
        assertTrue(body.get("done").asBoolean());
        assertFalse(body.has("nextRecordsUrl"));
        JsonNode older = body.get("records").get(0);
        JsonNode newer = body.get("records").get(1);
        assertEquals("OauthToken", older.get("attributes").get("type").asText());
        assertFalse(older.get("attributes").has("url"), "Id is null, so there is no record URL");
        List<String> names = new ArrayList<>();
        older.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("attributes", "AccessToken", "AppMenuItemId", "AppName", "CreatedDate", "DeleteToken", "Id",
                "LastUsedDate", "RequestToken", "UseCount", "UserId"), names);

        String shown = older.get("AccessToken").asText();
        assertTrue(shown.endsWith("...") && first.refreshToken().startsWith(shown.substring(0, shown.length() - 3)), shown);
        assertNotEquals(first.refreshToken(), shown);
        assertTrue(older.get("AppMenuItemId").asText().matches("0DS\\w{15}"));
        assertEquals("Token Broker", older.get("AppName").asText());
        assertTrue(older.get("CreatedDate").asText().matches(DATETIME), older.get("CreatedDate").asText());
        assertEquals(sim.grant(first.refreshToken()).orElseThrow().deleteToken(), older.get("DeleteToken").asText());
        assertTrue(older.get("Id").isNull());
        assertTrue(older.get("RequestToken").isNull());
        assertEquals(0, older.get("UseCount").asInt());
        assertEquals(older.get("CreatedDate"), older.get("LastUsedDate"));
        assertEquals(user.id(), older.get("UserId").asText());
        assertEquals(18, older.get("UserId").asText().length());

        assertEquals(1, newer.get("UseCount").asInt(), "one refresh");
        assertNotEquals(newer.get("CreatedDate"), newer.get("LastUsedDate"), "the refresh moved LastUsedDate");
    }

    // 6: evicted and revoked grants vanish from the table
    @Test
    void revokedAndEvictedGrantsHaveNoRow() {
        sim.settings().maxApprovalsPerUserPerApp(2);
        Tokens evicted = connect();
        Tokens revoked = connect();
        Tokens kept = connect();
        assertEquals(200, revoke(revoked.refreshToken()).statusCode());

        JsonNode records = queried("SELECT DeleteToken FROM OauthToken", kept.accessToken()).get("records");

        assertEquals(1, records.size());
        assertEquals(sim.grant(kept.refreshToken()).orElseThrow().deleteToken(), records.get(0).get("DeleteToken").asText());
        assertTrue(sim.grant(evicted.refreshToken()).isEmpty());
    }

    // "DeleteToken: a token that can be used at the revoke OAuth token endpoint to remove this token"
    @Test
    void deleteTokenFromTheRowRevokesTheGrantAtRevoke() {
        Tokens tokens = connect();
        String admin = accessToken();
        String deleteToken = queried("SELECT DeleteToken FROM OauthToken", admin).get("records").get(0).get("DeleteToken").asText();

        assertEquals(200, revoke(deleteToken).statusCode());

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
        assertEquals(401, restStatus(tokens.accessToken()));
        assertEquals(0, queried("SELECT COUNT() FROM OauthToken", admin).get("totalSize").asInt());
    }

    // 4 UNCERTAIN: JWT sessions have no row; with both knobs on, each JWT approval is one, AccessToken null
    @Test
    void jwtSessionsHaveNoRowUnlessSettingsSaySo() {
        String token = accessToken();
        assertEquals(0, queried("SELECT COUNT() FROM OauthToken", token).get("totalSize").asInt());

        sim.settings().jwtTakesApprovalSlot(true);
        accessToken();
        assertEquals(0, queried("SELECT COUNT() FROM OauthToken", token).get("totalSize").asInt(), "a slot, no row");

        sim.settings().jwtCreatesOauthTokenRow(true);
        JsonNode records = queried("SELECT AccessToken, UseCount, UserId FROM OauthToken", token).get("records");
        assertEquals(1, records.size());
        assertTrue(records.get(0).get("AccessToken").isNull());
        assertEquals(user.id(), records.get(0).get("UserId").asText());
    }

    // "Users with the Customize Application permission see all tokens for all users in the org.
    // Otherwise, you see only your own tokens."
    @Test
    void withoutCustomizeApplicationAUserSeesOnlyTheirOwnRows() {
        SimUser colleague = org.addUser("colleague@acme.example");
        connect();
        app.authorizeAs(colleague);
        Tokens colleagues = connect();
        connect();
        String mine = accessToken();

        assertEquals(Set.of(user.id()), userIds(queried("SELECT UserId FROM OauthToken", mine)));
        assertEquals(Set.of(colleague.id()), userIds(queried("SELECT UserId FROM OauthToken", colleagues.accessToken())));

        user.customizeApplication(true);
        assertEquals(Set.of(user.id(), colleague.id()), userIds(queried("SELECT UserId FROM OauthToken", mine)));
        assertTrue(user.hasCustomizeApplication());
    }

    // approvals per user and app, as COUNT() and as GROUP BY with COUNT(Id) (Id is null, so COUNT(Id) counts rows)
    @Test
    void countAndGroupByGiveApprovalsPerUserAndApp() {
        SimUser colleague = org.addUser("colleague@acme.example");
        connect();
        connect();
        connect();
        app.authorizeAs(colleague);
        connect();
        user.customizeApplication(true);
        String admin = accessToken();

        JsonNode count = queried("select count() from OauthToken", admin);
        assertEquals(4, count.get("totalSize").asInt());
        assertTrue(count.get("done").asBoolean());
        assertEquals(0, count.get("records").size());
        assertEquals(3, queried("SELECT COUNT() FROM OauthToken WHERE UserId = '" + user.id15() + "'", admin)
                .get("totalSize").asInt(), "a 15-character id matches too");

        JsonNode groups = queried("SELECT UserId, AppName, COUNT(Id) FROM OauthToken GROUP BY UserId, AppName"
                + " ORDER BY UserId", admin);
        assertEquals(2, groups.get("totalSize").asInt());
        for (JsonNode group : groups.get("records")) {
            assertEquals("AggregateResult", group.get("attributes").get("type").asText());
            assertFalse(group.get("attributes").has("url"));
            assertEquals("Token Broker", group.get("AppName").asText());
            int expected = group.get("UserId").asText().equals(user.id()) ? 3 : 1;
            assertEquals(expected, group.get("expr0").asInt(), group::toString);
        }
        JsonNode aliased = queried("SELECT COUNT(Id) approvals FROM OauthToken", admin).get("records").get(0);
        assertEquals(4, aliased.get("approvals").asInt());
        JsonNode none = queried("SELECT COUNT(Id) FROM OauthToken WHERE AppName = 'Other App'", admin);
        assertEquals(1, none.get("totalSize").asInt(), "an aggregate without GROUP BY is one record");
        assertEquals(0, none.get("records").get(0).get("expr0").asInt());
    }

    // "query() returns 500 rows, queryMore() 500 more, max 2,500": the rest are left out (totalSize 2,500);
    // COUNT() still counts them all, and LIMIT/OFFSET reach them
    @Test
    void aQueryReturnsAtMost2500RowsIn500RowPages() throws Exception {
        sim.settings().maxApprovalsPerUserPerApp(2_600);
        String token = connectMany(2_600).getFirst().accessToken();

        JsonNode page = queried("SELECT DeleteToken FROM OauthToken", token);
        assertEquals(2_500, page.get("totalSize").asInt());
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            page.get("records").forEach(r -> seen.add(r.get("DeleteToken").asText()));
            if (page.get("done").asBoolean()) {
                break;
            }
            assertEquals(500, page.get("records").size());
            String next = page.get("nextRecordsUrl").asText();
            assertTrue(next.matches("/services/data/v62\\.0/query/01g\\w{15}-\\d+"), next);
            HttpResponse<String> response = get(next, token);
            assertEquals(200, response.statusCode(), response::body);
            page = json(response);
            assertEquals(2_500, page.get("totalSize").asInt());
        }
        assertEquals(5, pages);
        assertEquals(2_500, seen.size());
        assertEquals(2_600, queried("SELECT COUNT() FROM OauthToken", token).get("totalSize").asInt());
        assertEquals(600, queried("SELECT DeleteToken FROM OauthToken ORDER BY CreatedDate LIMIT 2500 OFFSET 2000", token)
                .get("totalSize").asInt());
    }

    // 6 queryMore(): a query cursor belongs to the user who ran the query, and closes when read to the end
    @Test
    void nextRecordsUrlServesOnlyItsOwnUser() throws Exception {
        sim.settings().maxApprovalsPerUserPerApp(600);
        String token = connectMany(501).getFirst().accessToken();
        String next = queried("SELECT UserId FROM OauthToken", token).get("nextRecordsUrl").asText();

        assertQueryError("INVALID_QUERY_LOCATOR", get(next, accessTokenOf(org.addUser("other@acme.example"))));

        JsonNode last = json(get(next, token));
        assertTrue(last.get("done").asBoolean());
        assertEquals(1, last.get("records").size());
        assertQueryError("INVALID_QUERY_LOCATOR", get(next, token));
    }

    private String accessTokenOf(SimUser other) {
        app.assignProfile(other.profile());
        HttpResponse<String> response = exchange(assertionFor(other.username()));
        assertEquals(200, response.statusCode(), response::body);
        return json(response).get("access_token").asText();
    }

    private static Set<String> userIds(JsonNode body) {
        Set<String> ids = new HashSet<>();
        body.get("records").forEach(r -> ids.add(r.get("UserId").asText()));
        return ids;
    }
}
