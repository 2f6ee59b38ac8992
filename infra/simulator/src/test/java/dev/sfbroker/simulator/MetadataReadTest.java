package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metadata API {@code readMetadata} of {@code ConnectedApp} and {@code SecuritySettings} over SOAP. */
class MetadataReadTest extends AdminViewTestBase {

    // oauthConfig, oauthPolicy, sessionPolicy and the assignments, from the app's settings, in schema order;
    // the consumer secret never
    @Test
    void readMetadataShowsTheAppsSettings() {
        app.contactEmail("owner@acme.example").scopes("api", "refresh_token", "offline_access", "openid")
                .refreshTokenRotation(true).pkceRequired(true).introspectAllTokens(true).secretRequiredForRefreshToken(false)
                .ipRelaxation(IpRelaxation.ENFORCE_RELAXREFRESH)
                .refreshTokenPolicy(RefreshTokenPolicy.inactivity(30, RefreshTokenPolicy.Unit.DAYS))
                .sessionTimeout(Duration.ofMinutes(30)).assignPermissionSet("Broker Access");

        List<Element> records = readConnectedApps("62.0", accessToken(), "Token_Broker");

        assertEquals(1, records.size());
        Element record = records.getFirst();
        assertEquals("ConnectedApp", record.getAttributeNS(XSI_NS, "type"));
        assertEquals(METADATA_NS, record.getNamespaceURI());
        assertEquals(List.of("fullName", "contactEmail", "label", "oauthConfig", "oauthPolicy", "permissionSetName",
                "profileName", "sessionPolicy"), childNames(record));
        assertEquals("Token_Broker", text(record, "fullName"));
        assertEquals("owner@acme.example", text(record, "contactEmail"));
        assertEquals("Token Broker", text(record, "label"));

        Element oauthConfig = children(record, "oauthConfig").getFirst();
        assertEquals(List.of("callbackUrl", "certificate", "consumerKey", "isAdminApproved", "isConsumerSecretOptional",
                "isIntrospectAllTokens", "isPkceRequired", "isRefreshTokenRotationEnabled", "isSecretRequiredForRefreshToken",
                "scopes", "scopes", "scopes"), childNames(oauthConfig));
        assertEquals(CALLBACK, text(oauthConfig, "callbackUrl"));
        assertEquals(KEYS.certificatePem(), text(oauthConfig, "certificate"));
        assertEquals(app.consumerKey(), text(oauthConfig, "consumerKey"));
        assertEquals("true", text(oauthConfig, "isAdminApproved"));
        assertEquals("true", text(oauthConfig, "isIntrospectAllTokens"));
        assertEquals("true", text(oauthConfig, "isPkceRequired"));
        assertEquals("true", text(oauthConfig, "isRefreshTokenRotationEnabled"));
        assertEquals("false", text(oauthConfig, "isSecretRequiredForRefreshToken"));
        assertEquals(List.of("Api", "RefreshToken", "OpenID"),
                children(oauthConfig, "scopes").stream().map(Element::getTextContent).toList());

        Element oauthPolicy = children(record, "oauthPolicy").getFirst();
        assertEquals("ENFORCE_RELAXREFRESH", text(oauthPolicy, "ipRelaxation"));
        assertEquals("specific_inactivity:30:DAYS", text(oauthPolicy, "refreshTokenPolicy"));
        assertEquals("Broker Access", text(record, "permissionSetName"));
        assertEquals(SimUser.DEFAULT_PROFILE, text(record, "profileName"));
        assertEquals("30", text(children(record, "sessionPolicy").getFirst(), "sessionTimeout"));
    }

    // a new app reads as Salesforce's defaults; self-authorize lists no profiles
    @Test
    void aNewAppReadsAsTheDefaults() {
        SimConnectedApp plain = org.addConnectedApp("Plain App");

        Element record = readConnectedApps("67.0", accessToken(), "plain_app").getFirst();

        assertEquals(List.of("fullName", "label", "oauthConfig", "oauthPolicy"), childNames(record));
        Element oauthConfig = children(record, "oauthConfig").getFirst();
        assertEquals(plain.consumerKey(), text(oauthConfig, "consumerKey"));
        assertEquals("false", text(oauthConfig, "isAdminApproved"));
        assertEquals("false", text(oauthConfig, "isPkceRequired"));
        assertEquals("false", text(oauthConfig, "isRefreshTokenRotationEnabled"));
        assertEquals("true", text(oauthConfig, "isSecretRequiredForRefreshToken"));
        Element oauthPolicy = children(record, "oauthPolicy").getFirst();
        assertEquals("ENFORCE", text(oauthPolicy, "ipRelaxation"));
        assertEquals("infinite", text(oauthPolicy, "refreshTokenPolicy"));
    }

    // 4 dates the fields: isPkceRequired v59, isRefreshTokenRotationEnabled v60, oauthPolicy v49, isAdminApproved v46
    @Test
    void olderApiVersionsLeaveOutNewerFields() {
        String token = accessToken();

        Element v58 = children(readConnectedApps("58.0", token, "Token_Broker").getFirst(), "oauthConfig").getFirst();
        assertFalse(childNames(v58).contains("isPkceRequired"));
        assertFalse(childNames(v58).contains("isRefreshTokenRotationEnabled"));
        assertTrue(childNames(v58).contains("isSecretRequiredForRefreshToken"));

        Element v45 = readConnectedApps("45.0", token, "Token_Broker").getFirst();
        assertEquals(List.of("fullName", "label", "oauthConfig", "profileName"), childNames(v45));
        assertFalse(childNames(children(v45, "oauthConfig").getFirst()).contains("isAdminApproved"));
    }

    // 4 (not documented: Salesforce answers an unknown name with a record without content, not a fault);
    // the API name is settable
    @Test
    void anUnknownFullNameGivesAnEmptyRecord() {
        app.fullName("Broker_v2");

        List<Element> records = readConnectedApps("62.0", accessToken(), "Token_Broker", "broker_V2");

        assertEquals(2, records.size());
        assertEquals("ConnectedApp", records.get(0).getAttributeNS(XSI_NS, "type"));
        assertEquals(List.of(), childNames(records.get(0)));
        assertEquals("Broker_v2", text(records.get(1), "fullName"));
    }

    // 4: only the apps of the session user's own org are read
    @Test
    void anotherOrgsAppIsNotRead() {
        sim.addOrg("globex").addConnectedApp("Globex App");

        assertEquals(List.of(), childNames(readConnectedApps("62.0", accessToken(), "Globex_App").getFirst()));
    }

    // SOAP answers a bad session with HTTP 500 and faultcode sf:INVALID_SESSION_ID
    @Test
    void aBadSessionIsAnInvalidSessionIdFault() {
        String token = accessToken();
        sim.session(token).orElseThrow().revoke();
        String read = readMetadataOperation("ConnectedApp", "Token_Broker");

        for (String envelope : List.of(envelope(token, read), envelope("00Dnotatoken", read), envelope(null, read))) {
            HttpResponse<String> response = soap("/services/Soap/m/62.0", envelope);
            assertEquals("sf:INVALID_SESSION_ID", faultCode(response));
            assertEquals("text/xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
            assertTrue(response.body().contains("<faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader:"
                    + " Illegal Session</faultstring>"), response.body());
        }
    }

    // a user without Metadata API permission ("Modify Metadata Through Metadata API Functions") reads neither type
    @Test
    void aUserWithoutMetadataApiPermissionGetsInsufficientAccess() {
        String token = accessToken();
        user.modifyMetadata(false);

        for (String read : List.of(readMetadataOperation("ConnectedApp", "Token_Broker"), readMetadataOperation("SecuritySettings", "Security"))) {
            HttpResponse<String> response = soap("/services/Soap/m/62.0", envelope(token, read));
            assertEquals("sf:INSUFFICIENT_ACCESS", faultCode(response));
            assertFalse(response.body().contains("<records"), response.body());
        }
    }

    // SOAP faults: what the simulator does not serve is a fault, never a half answer
    @Test
    void otherRequestsAreFaults() {
        String token = accessToken();
        String path = "/services/Soap/m/62.0/" + org.id();

        assertEquals("soapenv:Client", faultCode(soap(path, envelope(token,
                "<listMetadata xmlns=\"" + METADATA_NS + "\"><queries><type>ConnectedApp</type></queries></listMetadata>"))));
        assertEquals("sf:INVALID_TYPE", faultCode(soap(path, envelope(token, readMetadataOperation("CustomObject", "Account")))));
        assertEquals("sf:INVALID_TYPE", faultCode(soap(path, envelope(token, readMetadataOperation("SessionSettings", "Security")))));
        assertEquals("sf:INVALID_TYPE", faultCode(soap("/services/Soap/m/28.0",
                envelope(token, readMetadataOperation("ConnectedApp", "Token_Broker")))));
        assertEquals("sf:LIMIT_EXCEEDED", faultCode(soap(path, envelope(token,
                readMetadataOperation("ConnectedApp", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")))));
        assertEquals("soapenv:Client", faultCode(soap(path, "<not-soap/>")));
        assertEquals("soapenv:Client", faultCode(soap(path, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")));
        assertEquals("sf:UNSUPPORTED_API_VERSION", faultCode(soap("/services/Soap/m/99.0",
                envelope(token, readMetadataOperation("ConnectedApp", "Token_Broker")))));
        assertEquals(405, get("/services/Soap/m/62.0", token).statusCode());
        assertEquals(5, sim.counters().userCalls(user.username(), SimEndpoint.METADATA), "the authenticated calls");
    }

    // 4 (org Session Settings): SecuritySettings "Security" shows the org's session timeout as the SessionTimeout enum
    @Test
    void securitySettingsShowTheOrgsSessionTimeout() {
        org.sessionTimeout(Duration.ofMinutes(30));

        List<Element> records = readSecuritySettings("62.0", accessToken(), "Security");

        assertEquals(1, records.size());
        Element record = records.getFirst();
        assertEquals("SecuritySettings", record.getAttributeNS(XSI_NS, "type"));
        assertEquals(METADATA_NS, record.getNamespaceURI());
        assertEquals(List.of("fullName", "sessionSettings"), childNames(record));
        assertEquals("Security", text(record, "fullName"));
        Element sessionSettings = children(record, "sessionSettings").getFirst();
        assertEquals(List.of("sessionTimeout"), childNames(sessionSettings));
        assertEquals("ThirtyMinutes", text(sessionSettings, "sessionTimeout"));
    }

    // 4 (org Session Settings): an org's default of 120 minutes reads as TwoHours; another org's setting is not read
    @Test
    void securitySettingsDefaultToTwoHours() {
        sim.addOrg("globex").sessionTimeout(Duration.ofMinutes(15));

        Element record = readSecuritySettings("67.0", accessToken(), "Security").getFirst();

        assertEquals("TwoHours", text(children(record, "sessionSettings").getFirst(), "sessionTimeout"));
    }

    // 4 (org Session Settings): a timeout between two enum values reads as the nearest not longer;
    // simulator choice for one under the shortest
    @Test
    void securitySettingsRoundDownToTheEnum() {
        assertEquals("FifteenMinutes", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofMinutes(15)));
        assertEquals("ThirtyMinutes", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofMinutes(59)));
        assertEquals("SixtyMinutes", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofMinutes(60)));
        assertEquals("FourHours", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofHours(7)));
        assertEquals("EightHours", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofHours(8)));
        assertEquals("TwelveHours", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofHours(12)));
        assertEquals("TwentyFourHours", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofDays(3)));
        assertEquals("FifteenMinutes", SecuritySettingsMetadata.sessionTimeoutValue(Duration.ofMinutes(5)));

        org.sessionTimeout(Duration.ofMinutes(45));
        Element record = readSecuritySettings("62.0", accessToken(), "Security").getFirst();
        assertEquals("ThirtyMinutes", text(children(record, "sessionSettings").getFirst(), "sessionTimeout"));
    }

    // 4 (as for ConnectedApp: a name the type does not have is a record without content)
    @Test
    void securitySettingsOfAnotherNameGiveAnEmptyRecord() {
        List<Element> records = readSecuritySettings("62.0", accessToken(), "Session", "security");

        assertEquals(2, records.size());
        assertEquals("SecuritySettings", records.get(0).getAttributeNS(XSI_NS, "type"));
        assertEquals(List.of(), childNames(records.get(0)));
        assertEquals("Security", text(records.get(1), "fullName"));
    }

    // 4 (org Session Settings): reading SecuritySettings with a bad session is an sf:INVALID_SESSION_ID fault
    @Test
    void securitySettingsWithABadSessionAreAnInvalidSessionIdFault() {
        String token = accessToken();
        sim.session(token).orElseThrow().revoke();
        String read = readMetadataOperation("SecuritySettings", "Security");

        for (String envelope : List.of(envelope(token, read), envelope("00Dnotatoken", read), envelope(null, read))) {
            HttpResponse<String> response = soap("/services/Soap/m/62.0", envelope);
            assertEquals("sf:INVALID_SESSION_ID", faultCode(response));
            assertFalse(response.body().contains("sessionTimeout"), response.body());
        }
    }

    /** {@code readMetadata} of {@code SecuritySettings} at API {@code version}, expected to succeed: the records. */
    private List<Element> readSecuritySettings(String version, String sessionId, String... fullNames) {
        HttpResponse<String> response = soap("/services/Soap/m/" + version,
                envelope(sessionId, readMetadataOperation("SecuritySettings", fullNames)));
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("text/xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
        Element result = single(xml(response).getDocumentElement(), METADATA_NS, "result");
        assertEquals("readMetadataResponse", ((Element) result.getParentNode()).getLocalName());
        return children(result, "records");
    }

    // 4 fullName: by default the name as Salesforce's setup page fills it in; it must be a valid API name
    @Test
    void fullNameDerivesFromTheNameAndIsChecked() {
        assertEquals("Token_Broker", app.fullName());
        assertEquals("X3rd_party_Sync", org.addConnectedApp("3rd-party  Sync!").fullName());
        assertThrows(IllegalArgumentException.class, () -> app.fullName("Two__Underscores"));
        assertThrows(IllegalArgumentException.class, () -> app.fullName("_leading"));
        assertThrows(IllegalArgumentException.class, () -> app.fullName("trailing_"));
        assertEquals("Token_Broker", app.fullName(), "a refused name changes nothing");
    }
}
