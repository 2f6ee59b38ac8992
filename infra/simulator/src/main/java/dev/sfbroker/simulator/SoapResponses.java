package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * SOAP 1.1 answers of the Metadata API: a result in the metadata namespace
 * ({@value #METADATA_NAMESPACE}), HTTP 200; or a fault, HTTP 500: {@code sf:CODE} with
 * {@code CODE: message} and an {@code UnexpectedErrorFault} detail, or {@code soapenv:Client} for a
 * request the service cannot read. {@code text/xml;charset=UTF-8}.
 */
final class SoapResponses {

    static final String METADATA_NAMESPACE = "http://soap.sforce.com/2006/04/metadata";
    static final String XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
    static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private SoapResponses() {
    }

    /** HTTP 200 with {@code body} (elements in the default, metadata, namespace; {@code xsi:} declared) as the SOAP body. */
    static void sendResult(HttpExchange exchange, String body) throws IOException {
        TextResponses.send(exchange, 200, CONTENT_TYPE, PROLOG
                + "<soapenv:Envelope xmlns:soapenv=\"" + SoapRequest.ENVELOPE_NAMESPACE + "\" xmlns=\"" + METADATA_NAMESPACE
                + "\" xmlns:xsi=\"" + XSI_NAMESPACE + "\"><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>");
    }

    /** HTTP 500, {@code <faultcode>sf:CODE</faultcode><faultstring>CODE: message</faultstring>} and the detail. */
    static void sendFault(HttpExchange exchange, String code, String message) throws IOException {
        String detail = "<detail><sf:UnexpectedErrorFault xsi:type=\"sf:UnexpectedErrorFault\"><sf:exceptionCode>" + code
                + "</sf:exceptionCode><sf:exceptionMessage>" + escape(message)
                + "</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>";
        sendFault(exchange, "sf:" + code, code + ": " + message, detail);
    }

    /** HTTP 500, {@code <faultcode>soapenv:Client</faultcode>}: a request the service cannot read. */
    static void sendClientFault(HttpExchange exchange, String message) throws IOException {
        sendFault(exchange, "soapenv:Client", message, "");
    }

    /** XML text: {@code & < > " '} escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void sendFault(HttpExchange exchange, String faultCode, String faultString, String detail) throws IOException {
        TextResponses.send(exchange, 500, CONTENT_TYPE, PROLOG
                + "<soapenv:Envelope xmlns:soapenv=\"" + SoapRequest.ENVELOPE_NAMESPACE + "\" xmlns:sf=\"" + METADATA_NAMESPACE
                + "\" xmlns:xsi=\"" + XSI_NAMESPACE + "\"><soapenv:Body><soapenv:Fault><faultcode>" + faultCode
                + "</faultcode><faultstring>" + escape(faultString) + "</faultstring>" + detail
                + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>");
    }
}
