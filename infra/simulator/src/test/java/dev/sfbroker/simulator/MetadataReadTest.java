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

/** Metadata API {@code readMetadata} of {@code ConnectedApp} over SOAP (reference §6.4, §8). */
class MetadataReadTest extends AdminViewTestBase {

    // §6.4: oauthConfig, oauthPolicy, sessionPolicy and the assignments, from the app's settings, in schema order;
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

    // §6.4, §2.4, §6.2: a new app reads as Salesforce's defaults; self-authorize lists no profiles
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

    // §6.4 dates the fields: isPkceRequired v59, isRefreshTokenRotationEnabled v60, oauthPolicy v49, isAdminApproved v46
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

    // §6.4 (not in the reference: Salesforce answers an unknown name with a record without content, not a fault);
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

    // §6.4, DESIGN: only the apps of the session user's own org are read
    @Test
    void anotherOrgsAppIsNotRead() {
        sim.addOrg("globex").addConnectedApp("Globex App");

        assertEquals(List.of(), childNames(readConnectedApps("62.0", accessToken(), "Globex_App").getFirst()));
    }

    // §8: SOAP answers a bad session with HTTP 500 and faultcode sf:INVALID_SESSION_ID
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

    // §8 SOAP faults: what the simulator does not serve is a fault, never a half answer
    @Test
    void otherRequestsAreFaults() {
        String token = accessToken();
        String path = "/services/Soap/m/62.0/" + org.id();

        assertEquals("soapenv:Client", faultCode(soap(path, envelope(token,
                "<listMetadata xmlns=\"" + METADATA_NS + "\"><queries><type>ConnectedApp</type></queries></listMetadata>"))));
        assertEquals("sf:INVALID_TYPE", faultCode(soap(path, envelope(token, readMetadataOperation("CustomObject", "Account")))));
        assertEquals("sf:INVALID_TYPE", faultCode(soap("/services/Soap/m/28.0",
                envelope(token, readMetadataOperation("ConnectedApp", "Token_Broker")))));
        assertEquals("sf:LIMIT_EXCEEDED", faultCode(soap(path, envelope(token,
                readMetadataOperation("ConnectedApp", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")))));
        assertEquals("soapenv:Client", faultCode(soap(path, "<not-soap/>")));
        assertEquals("soapenv:Client", faultCode(soap(path, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")));
        assertEquals("sf:UNSUPPORTED_API_VERSION", faultCode(soap("/services/Soap/m/99.0",
                envelope(token, readMetadataOperation("ConnectedApp", "Token_Broker")))));
        assertEquals(405, get("/services/Soap/m/62.0", token).statusCode());
        assertEquals(4, sim.counters().userCalls(user.username(), SimEndpoint.METADATA), "the authenticated calls");
    }

    // §6.4 fullName: by default the name as Salesforce's setup page fills it in; it must be a valid API name
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
