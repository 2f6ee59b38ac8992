package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.ConnectedAppSettings;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A {@code ConnectedApp} record of a {@code readMetadata} answer as
 * {@link ConnectedAppSettings}. Salesforce leaves out what the app does not set (callback URL, certificate,
 * session policy) and, in older API versions, switches newer than the version; a missing switch reads as the
 * metadata type's default.
 */
final class ConnectedAppXml {
    static final String METADATA_NAMESPACE = "http://soap.sforce.com/2006/04/metadata";

    private ConnectedAppXml() {
    }

    /** Whether the record has content: for a name no app has, Salesforce answers {@code <records xsi:type="ConnectedApp"/>}. */
    static boolean isEmpty(Element records) {
        return children(records, null).isEmpty();
    }

    static ConnectedAppSettings settings(Element records) {
        Element oauthConfig = child(records, "oauthConfig");
        Element oauthPolicy = child(records, "oauthPolicy");
        Element sessionPolicy = child(records, "sessionPolicy");
        String sessionTimeout = text(sessionPolicy, "sessionTimeout");
        return new ConnectedAppSettings(
                text(records, "fullName"),
                text(records, "label"),
                text(oauthConfig, "consumerKey"),
                flag(oauthConfig, "isAdminApproved", false),
                texts(records, "profileName"),
                texts(records, "permissionSetName"),
                flag(oauthConfig, "isSecretRequiredForRefreshToken", true), // true unless turned off
                flag(oauthConfig, "isIntrospectAllTokens", false),
                flag(oauthConfig, "isRefreshTokenRotationEnabled", false),
                flag(oauthConfig, "isPkceRequired", false),
                texts(oauthConfig, "scopes"),
                text(oauthConfig, "callbackUrl"),
                text(oauthConfig, "certificate"),
                text(oauthPolicy, "ipRelaxation"),
                text(oauthPolicy, "refreshTokenPolicy"),
                sessionTimeout == null ? null : Integer.valueOf(sessionTimeout));
    }

    private static boolean flag(Element parent, String name, boolean absent) {
        String value = text(parent, name);
        return value == null ? absent : Boolean.parseBoolean(value);
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return parent == null ? List.of() : children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> matches = children(parent, name);
        return matches.isEmpty() ? null : matches.getFirst();
    }

    /** The child elements in the metadata namespace, all of them when {@code name} is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && METADATA_NAMESPACE.equals(element.getNamespaceURI())
                    && (name == null || name.equals(element.getLocalName()))) {
                elements.add(element);
            }
        }
        return elements;
    }
}
