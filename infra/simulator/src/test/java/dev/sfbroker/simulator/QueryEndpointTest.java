package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /services/data/vNN.0/query}: the session check, the SOQL subset and Salesforce's query errors. */
class QueryEndpointTest extends AdminViewTestBase {

    // the query resource answers a bad session exactly as the rest of the REST API
    @Test
    void aBadSessionGets401InvalidSessionId() {
        String token = accessToken();
        sim.session(token).orElseThrow().revoke();

        for (String bad : new String[] {null, "00Dnotatoken", token}) {
            HttpResponse<String> response = query("SELECT Id FROM ConnectedApplication", bad);
            assertEquals(401, response.statusCode());
            assertEquals(INVALID_SESSION, response.body());
        }
    }

    // 6 query() (error shape not documented: Salesforce's MALFORMED_QUERY points at the token it could not
    // read with the line, a caret, Row and Column)
    @Test
    void malformedSoqlIs400MalformedQuery() {
        String token = accessToken();

        String message = assertQueryError("MALFORMED_QUERY", query("SELECT Id FORM ConnectedApplication", token));
        assertEquals("\nSELECT Id FORM ConnectedApplication\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'",
                message);
        assertQueryError("MALFORMED_QUERY", query("SELECT FROM OauthToken", token));
        assertQueryError("MALFORMED_QUERY", query("SELECT Name FROM ConnectedApplication WHERE Name = 'a' OR Name = 'b'", token));
        assertQueryError("MALFORMED_QUERY", query("SELECT Name FROM ConnectedApplication WHERE Name = 'unterminated", token));
        assertQueryError("MALFORMED_QUERY", query("SELECT COUNT(), Name FROM ConnectedApplication", token));
        assertQueryError("MALFORMED_QUERY", query("SELECT Name FROM ConnectedApplication LIMIT -1", token));
        assertQueryError("MALFORMED_QUERY", get(API + "/query", token));
        assertTrue(assertQueryError("MALFORMED_QUERY", query("SELECT AppName, COUNT(Id) FROM OauthToken", token))
                .endsWith("Field must be grouped or aggregated: AppName"));
        assertTrue(assertQueryError("MALFORMED_QUERY", query("SELECT Name, name FROM ConnectedApplication", token))
                .endsWith("duplicate field selected: Name"));
    }

    // 6 field lists: unknown objects are INVALID_TYPE; unknown fields, wrong value types and ungroupable or
    // unsortable fields INVALID_FIELD (the object reference's field properties)
    @Test
    void unknownNamesAndMisusedFieldsAreInvalidTypeOrInvalidField() {
        String token = accessToken();

        assertTrue(assertQueryError("INVALID_TYPE", query("SELECT Id FROM Account", token))
                .contains("sObject type 'Account' is not supported."));
        assertTrue(assertQueryError("INVALID_FIELD", query("SELECT Foo FROM OauthToken", token))
                .contains("No such column 'Foo' on entity 'OauthToken'."));
        assertQueryError("INVALID_FIELD", query("SELECT UserId, User.Username FROM OauthToken", token));
        assertTrue(assertQueryError("INVALID_FIELD", query("SELECT AppName FROM OauthToken WHERE UseCount = '3'", token))
                .endsWith("value of filter criterion for field 'UseCount' must be of type int and should not be enclosed in quotes"));
        assertQueryError("INVALID_FIELD", query("SELECT AppName FROM OauthToken WHERE AppName = 3", token));
        assertTrue(assertQueryError("INVALID_FIELD", query("SELECT COUNT(Id) FROM OauthToken GROUP BY LastUsedDate", token))
                .endsWith("field 'LastUsedDate' can not be grouped in a query call"));
        assertTrue(assertQueryError("INVALID_FIELD", query("SELECT Id FROM ConnectedApplication ORDER BY OptionsIsInternal", token))
                .endsWith("field 'OptionsIsInternal' can not be sorted in a query call"));
        assertQueryError("INVALID_QUERY_FILTER_OPERATOR", query("SELECT AppName FROM OauthToken WHERE UserId = 'nope'", token));
        assertQueryError("INVALID_QUERY_FILTER_OPERATOR", query("SELECT Id FROM ConnectedApplication WHERE OptionsIsInternal < true", token));
        assertEquals("Maximum SOQL offset allowed is 2000", assertQueryError("NUMBER_OUTSIDE_VALID_RANGE",
                query("SELECT Id FROM ConnectedApplication OFFSET 2001", token)));
    }

    // 6 ("filter by UserId, or LIMIT 2500 OFFSET n"): WHERE (=, !=, <, LIKE, IN, null, booleans, dateTimes),
    // ORDER BY, LIMIT and OFFSET; names and keywords in any case
    @Test
    void whereOrderByLimitAndOffsetSelectTheRows() {
        sim.clock().freeze();
        org.addConnectedApp("Alpha Sync");
        sim.clock().advance(Duration.ofHours(1));
        org.addConnectedApp("Beta Export").refreshTokenPolicy(RefreshTokenPolicy.lifetime(30, RefreshTokenPolicy.Unit.DAYS));
        org.addConnectedApp("Gamma").refreshTokenPolicy(RefreshTokenPolicy.inactivity(12, RefreshTokenPolicy.Unit.HOURS));
        String token = accessToken();
        String aMinuteAgo = sim.clock().instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();

        assertEquals(List.of("Token Broker", "Gamma", "Beta Export", "Alpha Sync"),
                names("select name from connectedapplication order by NAME desc", token));
        assertEquals(List.of("Gamma", "Beta Export"),
                names("SELECT Name FROM ConnectedApplication ORDER BY Name DESC LIMIT 2 OFFSET 1", token));
        assertEquals(List.of("Alpha Sync", "Beta Export"),
                names("SELECT Name FROM ConnectedApplication WHERE Name LIKE '%a %' ORDER BY Name", token));
        assertEquals(List.of("Gamma", "Token Broker"),
                names("SELECT Name FROM ConnectedApplication WHERE Name IN ('gamma', 'Token Broker') ORDER BY Name", token));
        assertEquals(List.of("Beta Export", "Gamma"),
                names("SELECT Name FROM ConnectedApplication WHERE RefreshTokenValidityPeriod != null"
                        + " AND RefreshTokenValidityPeriod < 31 ORDER BY Name", token));
        assertEquals(List.of("Gamma"),
                names("SELECT Name FROM ConnectedApplication WHERE OptionsRefreshTokenValidityMetric = TRUE", token));
        assertEquals(List.of("Gamma", "Beta Export"),
                names("SELECT Name FROM ConnectedApplication WHERE CreatedDate > " + aMinuteAgo
                        + " ORDER BY RefreshTokenValidityPeriod", token));
        assertEquals(List.of("Gamma", "Beta Export", "Alpha Sync", "Token Broker"),
                names("SELECT Name FROM ConnectedApplication ORDER BY RefreshTokenValidityPeriod NULLS LAST, Name", token));
        assertEquals(List.of("Alpha Sync", "Token Broker", "Beta Export", "Gamma"),
                names("SELECT Name FROM ConnectedApplication ORDER BY RefreshTokenValidityPeriod DESC NULLS FIRST, Name", token));
    }

    private List<String> names(String soql, String token) {
        List<String> names = new ArrayList<>();
        JsonNode body = queried(soql, token);
        body.get("records").forEach(r -> names.add(r.get("Name").asText()));
        assertEquals(names.size(), body.get("totalSize").asInt());
        return names;
    }
}
