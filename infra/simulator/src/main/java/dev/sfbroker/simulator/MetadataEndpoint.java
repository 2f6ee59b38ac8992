package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Metadata API's SOAP endpoint, {@code POST /services/Soap/m/NN.0} (optionally followed by
 * {@code /orgId}, as a {@code metadataServerUrl} is), serving {@code readMetadata} of {@code ConnectedApp}
 * for the apps of the session user's own org, found by {@code fullName}
 * (case-insensitive), and of {@code SecuritySettings} ({@code Security}: the org's Session Settings, reference
 * 4). The operation is read from the body; {@code SOAPAction} is not needed.
 * A missing, unknown, expired or revoked {@code SessionHeader/sessionId} gets HTTP 500
 * {@code sf:INVALID_SESSION_ID}; a valid one resets the session's inactivity timer.
 * Other faults: {@code soapenv:Client} for a body that is not a SOAP envelope or names another
 * operation, {@code sf:INVALID_TYPE} for another metadata type (or {@code ConnectedApp} before API 29.0),
 * {@code sf:LIMIT_EXCEEDED} for more than ten names, {@code sf:UNSUPPORTED_API_VERSION}, and
 * {@code sf:INSUFFICIENT_ACCESS} for a user without Metadata API permission ({@link SimUser#modifyMetadata}).
 */
final class MetadataEndpoint {

    static final String PATH = "/services/Soap/m";
    /** {@code readMetadata} reads at most this many components per call. */
    static final int MAX_FULL_NAMES = 10;

    private static final Pattern VERSIONED_PATH =
            Pattern.compile(Pattern.quote(PATH) + "/(\\d{1,3})\\.0(?:/[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)?/?");
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final SessionStore sessions;
    private final SimCounters counters;

    MetadataEndpoint(SessionStore sessions, SimCounters counters) {
        this.sessions = sessions;
        this.counters = counters;
    }

    void handle(HttpExchange exchange) throws IOException {
        Matcher path = VERSIONED_PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!path.matches()) {
            Http.sendJson(exchange, 404, List.of(Map.of("errorCode", "NOT_FOUND",
                    "message", "The requested resource does not exist")));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Http.sendEmpty(exchange, 405);
            return;
        }
        int version = Integer.parseInt(path.group(1));
        if (version < RestApi.OLDEST_VERSION || version > RestApi.LATEST_VERSION) {
            SoapResponses.sendFault(exchange, "UNSUPPORTED_API_VERSION", "Invalid Api version specified on URL");
            return;
        }
        SoapRequest request;
        try (InputStream in = exchange.getRequestBody()) {
            request = SoapRequest.parse(in.readNBytes(MAX_BODY_BYTES));
        } catch (SoapRequest.MalformedException e) {
            SoapResponses.sendClientFault(exchange, e.getMessage());
            return;
        }
        Optional<SimSession> session = request.sessionId() == null ? Optional.empty() : sessions.use(request.sessionId());
        if (session.isEmpty()) {
            SoapResponses.sendFault(exchange, "INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session");
            return;
        }
        counters.countUser(session.get().user().username(), SimEndpoint.METADATA);
        if (!request.operationName().equals("readMetadata")) {
            SoapResponses.sendClientFault(exchange, "No operation available for request {"
                    + Objects.toString(request.operation().getNamespaceURI(), "") + "}" + request.operationName()
                    + ", please check the WSDL for the service.");
            return;
        }
        if (!session.get().user().hasModifyMetadata()) {
            SoapResponses.sendFault(exchange, "INSUFFICIENT_ACCESS",
                    "use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions");
            return;
        }
        readMetadata(exchange, request, session.get().user().org(), version);
    }

    private static void readMetadata(HttpExchange exchange, SoapRequest request, SimOrg org, int version) throws IOException {
        List<String> types = request.values("type");
        String type = types.size() == 1 ? types.getFirst() : null;
        boolean connectedApp = ConnectedAppMetadata.TYPE.equals(type) && version >= ConnectedAppMetadata.SINCE;
        if (!connectedApp && !SecuritySettingsMetadata.TYPE.equals(type)) {
            SoapResponses.sendFault(exchange, "INVALID_TYPE", "This type of metadata is not available for this organization");
            return;
        }
        List<String> fullNames = request.values("fullNames");
        if (fullNames.size() > MAX_FULL_NAMES) {
            SoapResponses.sendFault(exchange, "LIMIT_EXCEEDED", "Too many components: readMetadata reads at most "
                    + MAX_FULL_NAMES + " per call");
            return;
        }
        StringBuilder result = new StringBuilder("<readMetadataResponse><result>");
        for (String fullName : fullNames) {
            result.append(connectedApp ? connectedAppRecord(org, fullName, version) : securitySettingsRecord(org, fullName));
        }
        SoapResponses.sendResult(exchange, result.append("</result></readMetadataResponse>").toString());
    }

    private static String connectedAppRecord(SimOrg org, String fullName, int version) {
        return org.connectedApps().stream().filter(app -> app.fullName().equalsIgnoreCase(fullName)).findFirst()
                .map(app -> ConnectedAppMetadata.record(app, version))
                .orElseGet(ConnectedAppMetadata::emptyRecord);
    }

    private static String securitySettingsRecord(SimOrg org, String fullName) {
        return SecuritySettingsMetadata.FULL_NAME.equalsIgnoreCase(fullName)
                ? SecuritySettingsMetadata.record(org)
                : SecuritySettingsMetadata.emptyRecord();
    }
}
