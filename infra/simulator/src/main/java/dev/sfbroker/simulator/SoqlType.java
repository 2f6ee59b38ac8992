package dev.sfbroker.simulator;

import dev.sfbroker.simulator.SoqlQuery.Literal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The field types of the objects the query endpoint serves, with what the object reference says they
 * allow (every field filters; booleans neither group nor sort, URLs and dateTimes do not group), how a
 * literal compares with them, and how a value is written in JSON (dateTimes as {@code 2026-11-22T16:00:00.000+0000}).
 */
enum SoqlType {
    ID("id", true, true),
    REFERENCE("id", true, true),
    STRING("string", true, true),
    PICKLIST("string", true, true),
    URL("string", false, true),
    INT("int", true, true),
    BOOLEAN("boolean", false, false),
    DATETIME("dateTime", false, true);

    private static final DateTimeFormatter SALESFORCE_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?");

    private final String literalType;
    private final boolean groupable;
    private final boolean sortable;

    SoqlType(String literalType, boolean groupable, boolean sortable) {
        this.literalType = literalType;
        this.groupable = groupable;
        this.sortable = sortable;
    }

    boolean groupable() {
        return groupable;
    }

    boolean sortable() {
        return sortable;
    }

    /** Text types, the ones {@code LIKE} works on. */
    boolean textual() {
        return this == STRING || this == PICKLIST || this == URL;
    }

    /**
     * The value {@code literal} stands for next to {@code field}: an 18-character id, a String, a BigDecimal,
     * a Boolean, an Instant, or null.
     */
    Object coerce(Literal literal, String field, String soql) throws SoqlException {
        if (literal.kind() == Literal.Kind.NULL) {
            return null;
        }
        Literal.Kind expected = switch (this) {
            case ID, REFERENCE, STRING, PICKLIST, URL -> Literal.Kind.STRING;
            case INT -> Literal.Kind.NUMBER;
            case BOOLEAN -> Literal.Kind.BOOLEAN;
            case DATETIME -> Literal.Kind.DATETIME;
        };
        if (literal.kind() != expected) {
            throw SoqlException.at(soql, literal.position(), SoqlException.INVALID_FIELD,
                    "value of filter criterion for field '" + field + "' must be of type " + literalType + " and should "
                            + (expected == Literal.Kind.STRING ? "" : "not ") + "be enclosed in quotes");
        }
        if ((this == ID || this == REFERENCE)) {
            String id = (String) literal.value();
            if (!RECORD_ID.matcher(id).matches()) {
                throw SoqlException.at(soql, literal.position(), SoqlException.INVALID_QUERY_FILTER_OPERATOR,
                        "invalid ID field: " + id);
            }
            return SalesforceIds.to18(id);
        }
        return literal.value();
    }

    /** Orders two non-null values of this type: text case-insensitively, as SOQL compares it. */
    int compare(Object a, Object b) {
        return switch (this) {
            case ID, REFERENCE, STRING, PICKLIST, URL -> String.CASE_INSENSITIVE_ORDER.compare((String) a, (String) b);
            case INT -> decimal(a).compareTo(decimal(b));
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case DATETIME -> ((Instant) a).compareTo((Instant) b);
        };
    }

    /** The value as the REST API writes it. */
    Object toJson(Object value) {
        return value instanceof Instant instant ? SALESFORCE_DATETIME.format(instant) : value;
    }

    private static BigDecimal decimal(Object number) {
        return number instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) number).longValue());
    }
}
