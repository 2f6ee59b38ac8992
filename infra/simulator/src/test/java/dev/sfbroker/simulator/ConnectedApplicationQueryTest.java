package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code SELECT ... FROM ConnectedApplication} over REST. */
class ConnectedApplicationQueryTest extends AdminViewTestBase {

    private static final List<String> FIELDS = List.of("Id", "Name", "CreatedById", "CreatedDate", "LastModifiedById",
            "LastModifiedDate", "SystemModstamp", "MobileSessionTimeout", "MobileStartUrl", "StartUrl", "PinLength",
            "OptionsAllowAdminApprovedUsersOnly", "OptionsHasSessionLevelPolicy", "OptionsRefreshTokenValidityMetric",
            "RefreshTokenValidityPeriod", "OptionsCodeCredentialGuestEnabled", "OptionsFullContentPushNotifications",
            "OptionsIsInternal", "OptionsTokenExchangeManageBitEnabled", "NamedUserUvidTimeout", "UvidTimeout");

    // 3 (v67 field list): every field, in the order selected, and a record URL built from the Id
    @Test
    void aRowHasTheObjectReferenceFields() {
        JsonNode body = queried("SELECT " + String.join(", ", FIELDS) + " FROM ConnectedApplication", accessToken());

        assertEquals(1, body.get("totalSize").asInt());
        JsonNode row = body.get("records").get(0);
        assertEquals("ConnectedApplication", row.get("attributes").get("type").asText());
        assertEquals(API + "/sobjects/ConnectedApplication/" + app.id(), row.get("attributes").get("url").asText());
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        assertEquals(FIELDS, names.subList(1, names.size()));
        assertEquals(app.id(), row.get("Id").asText());
        assertEquals("Token Broker", row.get("Name").asText());
        assertTrue(row.get("CreatedDate").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000"));
        assertEquals(row.get("CreatedDate"), row.get("SystemModstamp"));
        assertFalse(row.get("OptionsHasSessionLevelPolicy").asBoolean());
        assertTrue(row.get("MobileStartUrl").isNull());
    }

    // 3: the policy shows as OptionsRefreshTokenValidityMetric (inactivity) and RefreshTokenValidityPeriod
    // (N, unit not shown; null for infinite and zero)
    @ParameterizedTest
    @CsvSource({
            "infinite, false, ",
            "zero, false, ",
            "specific_lifetime:30:DAYS, false, 30",
            "specific_lifetime:3:HOURS, false, 3",
            "specific_inactivity:12:HOURS, true, 12",
            "specific_inactivity:2:MONTHS, true, 2"})
    void refreshTokenPolicyShowsAsValidityMetricAndPeriod(String policy, boolean metric, Integer period) {
        app.refreshTokenPolicy(RefreshTokenPolicy.parse(policy));

        JsonNode row = queried("SELECT OptionsRefreshTokenValidityMetric, RefreshTokenValidityPeriod FROM ConnectedApplication",
                accessToken()).get("records").get(0);

        assertEquals(metric, row.get("OptionsRefreshTokenValidityMetric").asBoolean());
        if (period == null) {
            assertTrue(row.get("RefreshTokenValidityPeriod").isNull(), row::toString);
        } else {
            assertEquals(period, row.get("RefreshTokenValidityPeriod").asInt());
        }
    }

    // "Admin approved users are pre-authorized" is OptionsAllowAdminApprovedUsersOnly=true; self-authorize false
    @Test
    void permittedUsersShowsAsAdminApprovedUsersOnly() {
        org.addConnectedApp("Self Service").permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE);

        JsonNode records = queried("SELECT Name, OptionsAllowAdminApprovedUsersOnly FROM ConnectedApplication"
                + " WHERE OptionsAllowAdminApprovedUsersOnly = true", accessToken()).get("records");

        assertEquals(1, records.size());
        assertEquals("Token Broker", records.get(0).get("Name").asText());
    }

    // the org's own apps and the external client apps installed in it; not other orgs' apps
    @Test
    void theOrgsAppsAndInstalledExternalClientAppsAreListed() {
        SimOrg globex = sim.addOrg("globex");
        globex.addConnectedApp("Globex Classic");
        globex.addConnectedApp("Globex ECA").externalClientApp(true).installIn(org);
        globex.addConnectedApp("Globex Private ECA").externalClientApp(true);

        JsonNode records = queried("SELECT Name FROM ConnectedApplication", accessToken()).get("records");

        Set<String> names = new HashSet<>();
        records.forEach(r -> names.add(r.get("Name").asText()));
        assertEquals(Set.of("Token Broker", "Globex ECA"), names);
    }
}
