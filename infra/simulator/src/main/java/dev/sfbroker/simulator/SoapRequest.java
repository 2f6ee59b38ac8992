package dev.sfbroker.simulator;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SOAP 1.1 request as the Metadata API reads it: the {@code SessionHeader/sessionId} of the header, and
 * the operation, the one element of the body, with the text of its child elements. Parsed without
 * DTDs or external entities. {@link #toString()} never shows the session id.
 *
 * @param sessionId the session id, or null without a {@code SessionHeader}
 * @param operation the operation element, e.g. {@code readMetadata}
 */
record SoapRequest(String sessionId, Element operation) {

    static final String ENVELOPE_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/";

    /** A body that is not a SOAP 1.1 envelope with one operation. */
    static final class MalformedException extends Exception {

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private static final ErrorHandler FAIL = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    static SoapRequest parse(byte[] body) throws MalformedException {
        Document document;
        try {
            document = builder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new MalformedException("the request is not well-formed XML");
        }
        Element envelope = document.getDocumentElement();
        if (!is(envelope, "Envelope")) {
            throw new MalformedException("the request is not a SOAP 1.1 envelope");
        }
        Element header = child(envelope, "Header");
        Element sessionHeader = header == null ? null : child(header, "SessionHeader");
        Element sessionId = sessionHeader == null ? null : child(sessionHeader, "sessionId");
        Element soapBody = child(envelope, "Body");
        List<Element> operations = soapBody == null ? List.of() : children(soapBody);
        if (operations.size() != 1) {
            throw new MalformedException("the SOAP body must hold one operation");
        }
        return new SoapRequest(sessionId == null ? null : sessionId.getTextContent().trim(), operations.getFirst());
    }

    /** The operation's local name, e.g. {@code readMetadata}. */
    String operationName() {
        return operation.getLocalName();
    }

    /** The trimmed text of each child element of the operation with that local name, in order. */
    List<String> values(String name) {
        return children(operation).stream().filter(e -> name.equals(e.getLocalName()))
                .map(e -> e.getTextContent().trim()).toList();
    }

    @Override
    public String toString() {
        return "SoapRequest[" + operationName() + "]";
    }

    private static DocumentBuilder builder() throws MalformedException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(FAIL);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser", e);
        }
    }

    private static boolean is(Element element, String localName) {
        return ENVELOPE_NAMESPACE.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static Element child(Element parent, String localName) {
        for (Element element : children(parent)) {
            if (localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
