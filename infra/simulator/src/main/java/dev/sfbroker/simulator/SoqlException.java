package dev.sfbroker.simulator;

/**
 * A query the REST API refuses: HTTP 400 {@code [{"message","errorCode"}]} with Salesforce's error codes
 * ({@code MALFORMED_QUERY}, {@code INVALID_TYPE}, {@code INVALID_FIELD}, ...). A message about one
 * place in the query points at it as Salesforce does: the query line, a caret, and
 * {@code ERROR at Row:R:Column:C}.
 */
final class SoqlException extends Exception {

    static final String MALFORMED_QUERY = "MALFORMED_QUERY";
    static final String INVALID_TYPE = "INVALID_TYPE";
    static final String INVALID_FIELD = "INVALID_FIELD";
    static final String INVALID_QUERY_FILTER_OPERATOR = "INVALID_QUERY_FILTER_OPERATOR";
    static final String NUMBER_OUTSIDE_VALID_RANGE = "NUMBER_OUTSIDE_VALID_RANGE";

    private final String errorCode;

    SoqlException(String errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    /** An error at {@code position} (0-based) of {@code soql}. */
    static SoqlException at(String soql, int position, String errorCode, String text) {
        int lineStart = soql.lastIndexOf('\n', position - 1) + 1;
        int lineEnd = soql.indexOf('\n', lineStart);
        String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
        int row = 1 + (int) soql.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        int column = position - lineStart + 1;
        return new SoqlException(errorCode, "\n" + line + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row
                + ":Column:" + column + "\n" + text);
    }

    String errorCode() {
        return errorCode;
    }
}
