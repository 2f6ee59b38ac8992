package dev.sfbroker.simulator;

import java.util.List;

/**
 * A parsed query of the SOQL subset {@link SoqlParser} reads: {@code SELECT} fields and {@code COUNT(field)}
 * (or a lone {@code COUNT()}), {@code FROM} one object, {@code WHERE} conditions joined by {@code AND},
 * {@code GROUP BY}, {@code ORDER BY}, {@code LIMIT}, {@code OFFSET}. Names keep the spelling and the
 * position (0-based) they have in the query text, for Salesforce-style error messages.
 *
 * @param text      the query as sent
 * @param select    the select list; empty for {@code SELECT COUNT()}
 * @param countOnly {@code SELECT COUNT()}: only the number of rows is returned
 * @param limit     null without {@code LIMIT}
 * @param offset    null without {@code OFFSET}
 */
record SoqlQuery(String text, List<SelectItem> select, boolean countOnly, Name object, List<Condition> where,
                 List<Name> groupBy, List<Order> orderBy, Integer limit, Integer offset) {

    SoqlQuery {
        select = List.copyOf(select);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        orderBy = List.copyOf(orderBy);
    }

    /** Aggregate query: {@code COUNT(field)} selected or {@code GROUP BY} given; records are {@code AggregateResult}s. */
    boolean isAggregate() {
        return !groupBy.isEmpty() || select.stream().anyMatch(SelectItem::isCount);
    }

    /** A field or object name as written, and where it starts. */
    record Name(String text, int position) {
    }

    /**
     * A selected field, or {@code COUNT(field)} when {@code isCount}; {@code alias} is null unless one
     * was written after the aggregate.
     */
    record SelectItem(Name field, boolean isCount, String alias) {
    }

    /** {@code field op value}, or {@code field IN (values)}: one value unless {@link Operator#IN}. */
    record Condition(Name field, Operator operator, List<Literal> values) {

        Condition {
            values = List.copyOf(values);
        }
    }

    enum Operator {
        EQUALS, NOT_EQUALS, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, LIKE, IN
    }

    /** A value in a condition: its kind and its Java value (String, BigDecimal, Boolean, Instant or null). */
    record Literal(Kind kind, Object value, int position) {

        enum Kind {
            STRING, NUMBER, BOOLEAN, NULL, DATETIME
        }
    }

    /** One {@code ORDER BY} key; {@code nullsFirst} as written, or Salesforce's default (first ascending, last descending). */
    record Order(Name field, boolean descending, boolean nullsFirst) {
    }
}
