package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code SELECT ... FROM User} and {@code FROM UserPermissionAccess} over REST: how a client finds a user's id by
 * username within its own org, and whether its own user sees every user's {@code OauthToken} rows.
 */
class UserQueryTest extends AdminViewTestBase {

    @Test
    void aUserIsFoundByUsernameInTheOrgOfTheQueryingUserOnly() {
        SimUser colleague = org.addUser("colleague@acme.example");
        SimOrg other = sim.addOrg("globex");
        other.addUser("someone@globex.example");

        JsonNode found = queried("SELECT Id, Username, IsActive FROM User WHERE Username = 'Colleague@Acme.example'", accessToken());

        assertEquals(1, found.get("totalSize").asInt(), "usernames compare case-insensitively");
        JsonNode row = found.get("records").get(0);
        assertEquals("User", row.get("attributes").get("type").asText());
        assertEquals(colleague.id(), row.get("Id").asText());
        assertTrue(row.get("IsActive").asBoolean());
        assertEquals(0, queried("SELECT Id FROM User WHERE Username = 'someone@globex.example'", accessToken())
                .get("totalSize").asInt(), "another org's user is not listed");
        assertEquals(2, queried("SELECT COUNT() FROM User", accessToken()).get("totalSize").asInt());
    }

    @Test
    void aQuotedUsernameIsReadWithItsEscapes() {
        SimUser quoted = org.addUser("o'brien@acme.example");

        JsonNode found = queried("SELECT Id FROM User WHERE Username = 'o\\'brien@acme.example'", accessToken());

        assertEquals(quoted.id(), found.get("records").get(0).get("Id").asText());
    }

    @Test
    void userPermissionAccessIsTheQueryingUsersOwnPermissions() {
        user.modifyMetadata(false);
        JsonNode plain = queried("SELECT PermissionsCustomizeApplication, PermissionsModifyMetadata FROM UserPermissionAccess",
                accessToken()).get("records");
        user.customizeApplication(true);
        JsonNode admin = queried("SELECT PermissionsCustomizeApplication FROM UserPermissionAccess", accessToken()).get("records");

        assertEquals(1, plain.size());
        assertFalse(plain.get(0).get("PermissionsCustomizeApplication").asBoolean());
        assertFalse(plain.get(0).get("PermissionsModifyMetadata").asBoolean());
        assertTrue(admin.get(0).get("PermissionsCustomizeApplication").asBoolean());
    }

    @Test
    void oauthTokenRowsAreSelectedByUserAndAppName() {
        connect();
        connect();
        SimUser colleague = org.addUser("colleague@acme.example");
        app.authorizeAs(colleague);
        connect();
        user.customizeApplication(true);

        String query = "SELECT CreatedDate FROM OauthToken WHERE UserId = '" + user.id() + "' AND AppName = 'Token Broker'";
        assertEquals(2, queried(query, accessToken()).get("totalSize").asInt());
        assertEquals(0, queried("SELECT CreatedDate FROM OauthToken WHERE UserId = '" + user.id() + "' AND AppName = 'Other'",
                accessToken()).get("totalSize").asInt());
    }
}
