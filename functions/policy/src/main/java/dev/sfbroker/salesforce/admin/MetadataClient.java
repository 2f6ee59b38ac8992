package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.policy.AdminReadException.Kind;
import dev.sfbroker.policy.ConnectedAppSettings;
import dev.sfbroker.token.Secret;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The Metadata API's {@code readMetadata} of one {@code ConnectedApp}, over SOAP 1.1. Salesforce answers a failure
 * with HTTP 500 and a SOAP fault whose {@code faultcode} says what went wrong ({@code sf:INVALID_SESSION_ID} for a
 * refused token,.
 */
final class MetadataClient {
    private static final String ENVELOPE_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/";
    /** Fault codes that say Salesforce failed or is busy, not that it refused the call: worth a later retry. */
    private static final Set<String> RETRYABLE_FAULTS = Set.of("Server", "UNKNOWN_EXCEPTION", "REQUEST_LIMIT_EXCEEDED");

    private final AdminHttp http;
    private final String apiVersion;

    MetadataClient(AdminHttp http, String apiVersion) {
        this.http = http;
        this.apiVersion = apiVersion;
    }

    ConnectedAppSettings readConnectedApp(String instanceUrl, Secret accessToken, String fullName) throws AdminReadException {
        Element records = records(instanceUrl, accessToken, "ConnectedApp", fullName, "connected app '" + fullName + "'");
        if (ConnectedAppXml.isEmpty(records)) {
            throw new AdminReadException(Kind.NOT_FOUND, "The org has no connected app with the API name '" + fullName
                    + "': check the app's API name in Setup > App Manager");
        }
        try {
            return ConnectedAppXml.settings(records);
        } catch (RuntimeException e) {
            throw new AdminReadException(Kind.UNREACHABLE,
                    "Salesforce's metadata of connected app '" + fullName + "' could not be read: " + e.getMessage(), e);
        }
    }

    /** The org's Session Settings timeout ({@code SecuritySettings.sessionSettings.sessionTimeout}), if it has one. */
    Optional<Duration> readOrgSessionTimeout(String instanceUrl, Secret accessToken) throws AdminReadException {
        Element records = records(instanceUrl, accessToken, "SecuritySettings", "Security", "the org's security settings");
        Element timeout = first(records, ConnectedAppXml.METADATA_NAMESPACE, "sessionTimeout");
        return timeout == null ? Optional.empty() : Optional.ofNullable(SESSION_TIMEOUTS.get(timeout.getTextContent().trim()));
    }

    /** The Metadata API's names for the org session timeouts Salesforce offers. */
    private static final Map<String, Duration> SESSION_TIMEOUTS = Map.of(
            "FifteenMinutes", Duration.ofMinutes(15), "ThirtyMinutes", Duration.ofMinutes(30), "SixtyMinutes", Duration.ofMinutes(60),
            "TwoHours", Duration.ofHours(2), "FourHours", Duration.ofHours(4), "EightHours", Duration.ofHours(8),
            "TwelveHours", Duration.ofHours(12), "TwentyFourHours", Duration.ofHours(24));

    private Element records(String instanceUrl, Secret accessToken, String type, String fullName, String what) throws AdminReadException {
        HttpRequest request = http.request(instanceUrl, "/services/Soap/m/" + apiVersion)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"") // the operation is in the body; SOAP 1.1 still wants the header
                .POST(HttpRequest.BodyPublishers.ofString(envelope(accessToken, type, fullName), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response = http.send(request);
        Document answer = parse(response, what);
        Element fault = first(answer.getDocumentElement(), ENVELOPE_NAMESPACE, "Fault");
        if (fault != null || response.statusCode() != 200) {
            throw failure(response.statusCode(), fault, what);
        }
        Element records = first(answer.getDocumentElement(), ConnectedAppXml.METADATA_NAMESPACE, "records");
        if (records == null) {
            throw new AdminReadException(Kind.UNREACHABLE, "Salesforce's answer to readMetadata of " + what + " has no records; try again later");
        }
        return records;
    }

    private static Document parse(HttpResponse<byte[]> response, String what) throws AdminReadException {
        try {
            return SafeXml.parse(response.body());
        } catch (SAXException | IOException e) {
            throw new AdminReadException(Kind.UNREACHABLE, "Salesforce answered HTTP " + response.statusCode()
                    + " to readMetadata of " + what + " with something that is not a SOAP answer; "
                    + "try again later", e);
        }
    }

    private AdminReadException failure(int status, Element fault, String what) {
        String call = "readMetadata of " + what;
        if (fault == null) {
            return new AdminReadException(Kind.UNREACHABLE, "Salesforce answered HTTP " + status + " to " + call + "; try again later");
        }
        String faultCode = text(fault, "faultcode");
        String code = faultCode.substring(faultCode.indexOf(':') + 1);
        String detail = faultCode + " " + text(fault, "faultstring");
        if (code.equals("INVALID_SESSION_ID")) {
            return new AdminReadException(Kind.SESSION_REJECTED, "Salesforce rejected the access token for " + call
                    + " (" + detail + "): it expired or was revoked; read again with a fresh token");
        }
        if (RETRYABLE_FAULTS.contains(code)) {
            return new AdminReadException(Kind.UNREACHABLE, "Salesforce failed " + call + " (" + detail + "); try again later");
        }
        return new AdminReadException(Kind.NOT_PERMITTED, "Salesforce refused " + call + " (" + detail
                + "): check that the user has API access and the 'Modify Metadata Through Metadata API Functions' or "
                + "'Customize Application' permission, and that the org supports API v" + apiVersion);
    }

    private static String envelope(Secret accessToken, String type, String fullName) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE_NAMESPACE + "\" xmlns:met=\""
                + ConnectedAppXml.METADATA_NAMESPACE + "\">"
                + "<soapenv:Header><met:SessionHeader><met:sessionId>" + escape(accessToken.reveal())
                + "</met:sessionId></met:SessionHeader></soapenv:Header>"
                + "<soapenv:Body><met:readMetadata><met:type>" + type + "</met:type><met:fullNames>" + escape(fullName)
                + "</met:fullNames></met:readMetadata></soapenv:Body></soapenv:Envelope>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Element first(Element root, String namespace, String localName) {
        NodeList matches = root.getElementsByTagNameNS(namespace, localName);
        return matches.getLength() == 0 ? null : (Element) matches.item(0);
    }

    /** A fault's {@code faultcode} and {@code faultstring} are unqualified children of the fault. */
    private static String text(Element fault, String localName) {
        for (Node node = fault.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                return element.getTextContent().trim();
            }
        }
        return "";
    }
}
