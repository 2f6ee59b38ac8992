package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal REST API under {@code /services/data}: the public version list, and behind a bearer
 * token the version's resource list, {@code limits}, and SOQL {@code query} ({@link QueryEndpoint}).
 * A missing, unknown, expired or revoked token gets 401 {@code INVALID_SESSION_ID}; a
 * valid one resets the session's inactivity timer.
 */
final class RestApi {

    static final String PATH = "/services/data";
    /** The newest API version served (Summer '26, reference header note). */
    static final int LATEST_VERSION = 67;
    static final int OLDEST_VERSION = 20;

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.0");
    private static final List<Map<String, String>> INVALID_SESSION =
            List.of(error("Session expired or invalid", "INVALID_SESSION_ID"));
    private static final List<Map<String, String>> INVALID_AUTH_HEADER =
            List.of(error("INVALID_HEADER_TYPE", "INVALID_AUTH_HEADER"));
    private static final List<Map<String, String>> NOT_FOUND =
            List.of(error("The requested resource does not exist", "NOT_FOUND"));

    private final SessionStore sessions;
    private final SimCounters counters;
    private final QueryEndpoint query;

    RestApi(SessionStore sessions, SimCounters counters, QueryEndpoint query) {
        this.sessions = sessions;
        this.counters = counters;
        this.query = query;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals(PATH)) {
            // Like Salesforce, the version list needs no session.
            if (allowGet(exchange)) {
                Http.sendJson(exchange, 200, versions());
            }
            return;
        }
        Optional<SimSession> session = authenticate(exchange);
        if (session.isEmpty()) {
            return;
        }
        counters.countUser(session.get().user().username(), SimEndpoint.REST_API);

        String[] segments = path.substring(PATH.length() + 1).split("/");
        Matcher version = VERSION.matcher(segments[0]);
        if (!version.matches() || !supported(version.group(1))) {
            Http.sendJson(exchange, 404, NOT_FOUND);
        } else if (segments.length == 1) {
            if (allowGet(exchange)) {
                Map<String, String> resources = new LinkedHashMap<>();
                resources.put("limits", PATH + "/" + segments[0] + "/limits");
                resources.put(QueryEndpoint.RESOURCE, PATH + "/" + segments[0] + "/" + QueryEndpoint.RESOURCE);
                Http.sendJson(exchange, 200, resources);
            }
        } else if (segments.length == 2 && segments[1].equals("limits")) {
            if (allowGet(exchange)) {
                Http.sendJson(exchange, 200, limits());
            }
        } else if (segments.length <= 3 && segments[1].equals(QueryEndpoint.RESOURCE)) {
            if (allowGet(exchange)) {
                query.handle(exchange, session.get().user(), PATH + "/" + segments[0], segments.length == 3 ? segments[2] : null);
            }
        } else {
            Http.sendJson(exchange, 404, NOT_FOUND);
        }
    }

    /** The live session of the request's {@code Authorization: Bearer} (or legacy {@code OAuth}) token, or a 401 sent. */
    Optional<SimSession> authenticate(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            Http.sendJson(exchange, 401, INVALID_SESSION);
            return Optional.empty();
        }
        String[] parts = header.trim().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        if (!scheme.equals("bearer") && !scheme.equals("oauth")) {
            Http.sendJson(exchange, 401, INVALID_AUTH_HEADER);
            return Optional.empty();
        }
        Optional<SimSession> session = parts.length == 2 ? sessions.use(parts[1].trim()) : Optional.empty();
        if (session.isEmpty()) {
            Http.sendJson(exchange, 401, INVALID_SESSION);
        }
        return session;
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET")) {
            return true;
        }
        Http.sendJson(exchange, 405, List.of(error("HTTP Method '" + method + "' not allowed. Allowed are GET",
                "METHOD_NOT_ALLOWED")));
        return false;
    }

    private static boolean supported(String major) {
        try {
            int version = Integer.parseInt(major);
            return version >= OLDEST_VERSION && version <= LATEST_VERSION;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Map<String, String>> versions() {
        String[] seasons = {"Winter", "Spring", "Summer"};
        List<Map<String, String>> list = new ArrayList<>();
        for (int v = OLDEST_VERSION; v <= LATEST_VERSION; v++) {
            int n = v - OLDEST_VERSION;                  // v20.0 = Winter '11, then three releases a year
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("label", seasons[n % 3] + " '" + (11 + n / 3));
            entry.put("url", PATH + "/v" + v + ".0");
            entry.put("version", v + ".0");
            list.add(entry);
        }
        return list;
    }

    private static Map<String, Object> limits() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("DailyApiRequests", limit(15_000, 15_000));
        limits.put("DataStorageMB", limit(5, 5));
        limits.put("FileStorageMB", limit(20, 20));
        return limits;
    }

    private static Map<String, Integer> limit(int max, int remaining) {
        Map<String, Integer> limit = new LinkedHashMap<>();
        limit.put("Max", max);
        limit.put("Remaining", remaining);
        return limit;
    }

    private static Map<String, String> error(String message, String errorCode) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("errorCode", errorCode);
        return error;
    }
}
