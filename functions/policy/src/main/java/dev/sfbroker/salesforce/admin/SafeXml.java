package dev.sfbroker.salesforce.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The JDK's DOM parser, closed to XML external entity attacks: an answer with a DOCTYPE is refused outright, and
 * nothing outside the document (entities, DTDs, schemas, XIncludes) is ever fetched or read.
 */
final class SafeXml {
    private SafeXml() {
    }

    /** The parsed document; a DOCTYPE or anything that is not well-formed XML is a {@link SAXException}. */
    static Document parse(byte[] xml) throws SAXException, IOException {
        DocumentBuilder builder;
        try {
            builder = factory().newDocumentBuilder(); // a factory per parse: factories are not thread-safe
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused a hardened configuration", e);
        }
        builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed to stderr
        return builder.parse(new ByteArrayInputStream(xml));
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened against external entities", e);
        }
    }
}
