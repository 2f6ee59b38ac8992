package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.policy.AdminReadException.Kind;
import dev.sfbroker.token.Secret;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SOQL through the REST query resource, every page: Salesforce answers a batch at a time (500 rows for
 * {@code OauthToken}) and points to the next one with {@code nextRecordsUrl} until {@code done}.
 */
final class SoqlClient {
    private static final String DATA_PATH = "/services/data/";

    private final AdminHttp http;
    private final JsonMapper json;
    private final String apiVersion;

    SoqlClient(AdminHttp http, JsonMapper json, String apiVersion) {
        this.http = http;
        this.json = json;
        this.apiVersion = apiVersion;
    }

    /** {@code SELECT fields FROM sObject}, each record read as {@code row}; a record of an unexpected shape fails them all. */
    <T> List<T> selectAll(String instanceUrl, Secret accessToken, String sObject, String fields, Function<Map<String, Object>, T> row)
            throws AdminReadException {
        return selectWhere(instanceUrl, accessToken, sObject, fields, null, row);
    }

    /**
     * {@code SELECT fields FROM sObject WHERE where} (no {@code WHERE} when null), each record read as {@code row}. Values in
     * {@code where} are written with {@link #quoted}.
     */
    <T> List<T> selectWhere(String instanceUrl, Secret accessToken, String sObject, String fields, String where,
                            Function<Map<String, Object>, T> row) throws AdminReadException {
        List<Map<String, Object>> records = records(instanceUrl, accessToken, sObject, fields, where);
        try {
            return records.stream().map(row).toList();
        } catch (RuntimeException e) {
            // a field of an unexpected type or format: say so rather than act on half-read rows
            throw new AdminReadException(Kind.UNREACHABLE, "Salesforce's " + sObject + " records could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * A SOQL string literal: quoted, with the characters SOQL escapes (backslash, quotes, line breaks) escaped, so no value
     * can end the literal and change the query.
     */
    static String quoted(String value) {
        StringBuilder literal = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '\'' -> literal.append("\\'");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                case '\b' -> literal.append("\\b");
                case '\f' -> literal.append("\\f");
                default -> literal.append(c);
            }
        }
        return literal.append('\'').toString();
    }

    /** The records of {@code SELECT fields FROM sObject [WHERE where]}, in the order Salesforce returns them. */
    private List<Map<String, Object>> records(String instanceUrl, Secret accessToken, String sObject, String fields, String where)
            throws AdminReadException {
        String soql = "SELECT " + fields + " FROM " + sObject + (where == null ? "" : " WHERE " + where);
        String path = DATA_PATH + "v" + apiVersion + "/query?q="
                + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
        List<Map<String, Object>> records = new ArrayList<>();
        while (path != null) {
            QueryPage page = page(instanceUrl, accessToken, path, sObject);
            records.addAll(page.records() == null ? List.of() : page.records());
            path = page.done() ? null : nextPath(page, sObject);
        }
        return records;
    }

    private QueryPage page(String instanceUrl, Secret accessToken, String path, String sObject) throws AdminReadException {
        HttpResponse<byte[]> response = http.send(http.request(instanceUrl, path)
                .header("Authorization", "Bearer " + accessToken.reveal())
                .header("Accept", "application/json")
                .GET().build());
        int status = response.statusCode();
        if (status == 200) {
            try {
                return json.readValue(response.body(), QueryPage.class);
            } catch (IOException | RuntimeException e) {
                throw new AdminReadException(Kind.UNREACHABLE,
                        "Salesforce's answer to the query on " + sObject + " is not a query result; try again later", e);
            }
        }
        String error = errorOf(response.body());
        if (status == 401) {
            throw new AdminReadException(Kind.SESSION_REJECTED, "Salesforce rejected the access token while querying "
                    + sObject + " (HTTP 401 " + error + "): it expired or was revoked; read again with a fresh token");
        }
        if (status == 400 || status == 403 || status == 404) {
            throw new AdminReadException(Kind.NOT_PERMITTED, "Salesforce refused the query on " + sObject + " (HTTP "
                    + status + " " + error + "): check that the user has API access and the 'Customize Application' "
                    + "permission, and that the org supports API v" + apiVersion);
        }
        throw new AdminReadException(Kind.UNREACHABLE,
                "Salesforce answered HTTP " + status + " to the query on " + sObject + "; try again later");
    }

    /**
     * Only a path on the same instance is followed, so the access token never goes to a host the caller did not
     * name, whatever the answer says.
     */
    private static String nextPath(QueryPage page, String sObject) throws AdminReadException {
        String next = page.nextRecordsUrl();
        if (next == null || !next.startsWith(DATA_PATH)) {
            throw new AdminReadException(Kind.UNREACHABLE, "Salesforce's answer to the query on " + sObject
                    + " says more records follow but gives no usable nextRecordsUrl; try again later");
        }
        return next;
    }

    private String errorOf(byte[] body) {
        try {
            List<RestError> errors = json.readValue(body, Argument.listOf(RestError.class));
            if (!errors.isEmpty()) {
                return errors.getFirst().errorCode() + ": " + errors.getFirst().message();
            }
        } catch (IOException | RuntimeException e) {
            // not Salesforce's error list: a proxy's or maintenance page says nothing the message could use
        }
        return "without an error code";
    }
}
