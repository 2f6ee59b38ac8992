package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GrantTestBase} plus the admin views: SOQL over {@code /services/data/v62.0/query} and
 * {@code readMetadata} over the Metadata API's SOAP endpoint, with JSON and XML readers.
 */
abstract class AdminViewTestBase extends GrantTestBase {

    static final String API = "/services/data/v62.0";
    static final String METADATA_NS = "http://soap.sforce.com/2006/04/metadata";
    static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

    HttpResponse<String> query(String soql, String accessToken) {
        return get(API + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), accessToken);
    }

    /** A query expected to succeed: its JSON body. */
    JsonNode queried(String soql, String accessToken) {
        HttpResponse<String> response = query(soql, accessToken);
        assertEquals(200, response.statusCode(), response::body);
        return json(response);
    }

    /** HTTP 400, one {@code {"message","errorCode"}} with that code; returns the message. */
    String assertQueryError(String errorCode, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response::body);
        JsonNode errors = json(response);
        assertEquals(1, errors.size(), response::body);
        assertEquals(errorCode, errors.get(0).get("errorCode").asText(), response::body);
        return errors.get(0).get("message").asText();
    }

    /** {@code n} web server flows for {@link #user}, a few at a time; more approvals than the default five must be allowed. */
    List<Tokens> connectMany(int n) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Tokens>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(this::connect));
            }
            List<Tokens> tokens = new ArrayList<>();
            for (Future<Tokens> future : futures) {
                tokens.add(future.get());
            }
            return tokens;
        }
    }

    HttpResponse<String> soap(String path, String envelope) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "readMetadata")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)));
    }

    /** A SOAP envelope with a {@code SessionHeader} (none if {@code sessionId} is null) around {@code operation}. */
    static String envelope(String sessionId, String operation) {
        String header = sessionId == null ? "" : "<env:Header><SessionHeader xmlns=\"" + METADATA_NS + "\"><sessionId>"
                + sessionId + "</sessionId></SessionHeader></env:Header>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + header + "<env:Body>" + operation + "</env:Body></env:Envelope>";
    }

    static String readMetadataOperation(String type, String... fullNames) {
        StringBuilder operation = new StringBuilder("<readMetadata xmlns=\"" + METADATA_NS + "\"><type>" + type + "</type>");
        for (String fullName : fullNames) {
            operation.append("<fullNames>").append(fullName).append("</fullNames>");
        }
        return operation.append("</readMetadata>").toString();
    }

    /** {@code readMetadata} of {@code ConnectedApp} at API {@code version}, expected to succeed: the records. */
    List<Element> readConnectedApps(String version, String sessionId, String... fullNames) {
        HttpResponse<String> response = soap("/services/Soap/m/" + version,
                envelope(sessionId, readMetadataOperation("ConnectedApp", fullNames)));
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("text/xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
        Element result = single(xml(response).getDocumentElement(), METADATA_NS, "result");
        return children(result, "records");
    }

    /** A SOAP fault, HTTP 500: its {@code faultcode}. */
    String faultCode(HttpResponse<String> response) {
        assertEquals(500, response.statusCode(), response::body);
        return single(xml(response).getDocumentElement(), "", "faultcode").getTextContent();
    }

    static Document xml(HttpResponse<String> response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + response.body(), e);
        }
    }

    /** The one descendant of {@code root} with that namespace ("" for none) and local name. */
    static Element single(Element root, String namespace, String localName) {
        var found = namespace.isEmpty() ? root.getElementsByTagName(localName) : root.getElementsByTagNameNS(namespace, localName);
        assertEquals(1, found.getLength(), localName);
        return (Element) found.item(0);
    }

    /** The child elements of {@code parent} with that local name, in order. */
    static List<Element> children(Element parent, String localName) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The local names of {@code parent}'s child elements, in order. */
    static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                names.add(element.getLocalName());
            }
        }
        return names;
    }

    /** The text of the one child of {@code parent} with that local name. */
    static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        assertEquals(1, found.size(), localName + " in " + childNames(parent));
        return found.getFirst().getTextContent();
    }
}
