package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /services/data/vNN.0/query?q=SOQL} and its {@code nextRecordsUrl}
 * {@code /services/data/vNN.0/query/01g...-500}, behind {@link RestApi}'s session check. Answers
 * {@code {"totalSize","done",["nextRecordsUrl"],"records"}}; a query with more records than the object's
 * batch size opens a cursor ({@link QueryCursors}) for the rest. A refused query is HTTP 400
 * {@code [{"message","errorCode"}]}: {@code MALFORMED_QUERY}, {@code INVALID_TYPE}, {@code INVALID_FIELD},
 * {@code INVALID_QUERY_FILTER_OPERATOR}, {@code NUMBER_OUTSIDE_VALID_RANGE}, or {@code INVALID_QUERY_LOCATOR}
 * for an unknown, closed or another user's cursor.
 */
final class QueryEndpoint {

    /** The resource name under {@code /services/data/vNN.0}. */
    static final String RESOURCE = "query";

    private static final Pattern NEXT_RECORDS = Pattern.compile("(01g[A-Za-z0-9]{15})-(\\d{1,9})");

    private final List<SObjectView> views;
    private final QueryCursors cursors;

    QueryEndpoint(List<SObjectView> views, QueryCursors cursors) {
        this.views = List.copyOf(views);
        this.cursors = cursors;
    }

    /**
     * Serves a query ({@code nextRecords} null) or the next page of one, for the session's user;
     * {@code apiPath} is {@code /services/data/vNN.0}.
     */
    void handle(HttpExchange exchange, SimUser user, String apiPath, String nextRecords) throws IOException {
        if (nextRecords == null) {
            query(exchange, user, apiPath);
        } else {
            nextPage(exchange, user, apiPath, nextRecords);
        }
    }

    private void query(HttpExchange exchange, SimUser user, String apiPath) throws IOException {
        String soql = FormEncoding.parse(exchange.getRequestURI().getRawQuery()).get("q");
        if (soql == null || soql.isBlank()) {
            sendError(exchange, SoqlException.MALFORMED_QUERY, "A query string has to be specified");
            return;
        }
        SoqlExecutor.Result result;
        SObjectView view;
        try {
            SoqlQuery query = SoqlParser.parse(soql);
            view = view(query);
            result = SoqlExecutor.execute(query, view, user, apiPath);
        } catch (SoqlException e) {
            sendError(exchange, e.errorCode(), e.getMessage());
            return;
        }
        List<Map<String, Object>> records = result.records();
        if (records.size() <= view.batchSize()) {
            sendPage(exchange, result.totalSize(), records, null);
            return;
        }
        String locator = cursors.open(new QueryCursors.Cursor(user, records, result.totalSize(), view.batchSize()));
        sendPage(exchange, result.totalSize(), records.subList(0, view.batchSize()),
                apiPath + "/" + RESOURCE + "/" + locator + "-" + view.batchSize());
    }

    private void nextPage(HttpExchange exchange, SimUser user, String apiPath, String nextRecords) throws IOException {
        Matcher matcher = NEXT_RECORDS.matcher(nextRecords);
        Optional<QueryCursors.Cursor> cursor = matcher.matches() ? cursors.find(user, matcher.group(1)) : Optional.empty();
        int from = matcher.matches() ? Integer.parseInt(matcher.group(2)) : -1;
        if (cursor.isEmpty() || from >= cursor.get().records().size()) {
            sendError(exchange, "INVALID_QUERY_LOCATOR", "invalid query locator");
            return;
        }
        List<Map<String, Object>> records = cursor.get().records();
        int to = Math.min(records.size(), from + cursor.get().batchSize());
        String next = null;
        if (to < records.size()) {
            next = apiPath + "/" + RESOURCE + "/" + matcher.group(1) + "-" + to;
        } else {
            cursors.close(matcher.group(1));
        }
        sendPage(exchange, cursor.get().totalSize(), records.subList(from, to), next);
    }

    private SObjectView view(SoqlQuery query) throws SoqlException {
        String name = query.object().text();
        for (SObjectView view : views) {
            if (view.name().equalsIgnoreCase(name)) {
                return view;
            }
        }
        throw SoqlException.at(query.text(), query.object().position(), SoqlException.INVALID_TYPE,
                "sObject type '" + name + "' is not supported. If you are attempting to use a custom object, be sure to"
                        + " append the '__c' after the entity name. Please reference your WSDL or the describe call for"
                        + " the appropriate names.");
    }

    private static void sendPage(HttpExchange exchange, int totalSize, List<Map<String, Object>> records, String next)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalSize", totalSize);
        body.put("done", next == null);
        if (next != null) {
            body.put("nextRecordsUrl", next);
        }
        body.put("records", records);
        Http.sendJson(exchange, 200, body);
    }

    private static void sendError(HttpExchange exchange, String errorCode, String message) throws IOException {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("errorCode", errorCode);
        Http.sendJson(exchange, 400, List.of(error));
    }
}
