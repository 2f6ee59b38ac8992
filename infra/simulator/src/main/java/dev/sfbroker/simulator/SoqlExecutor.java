package dev.sfbroker.simulator;

import dev.sfbroker.simulator.SObjectView.Field;
import dev.sfbroker.simulator.SoqlQuery.Condition;
import dev.sfbroker.simulator.SoqlQuery.Literal;
import dev.sfbroker.simulator.SoqlQuery.Name;
import dev.sfbroker.simulator.SoqlQuery.Operator;
import dev.sfbroker.simulator.SoqlQuery.Order;
import dev.sfbroker.simulator.SoqlQuery.SelectItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs a {@link SoqlQuery} against an {@link SObjectView}: checks the names and values against the
 * object's fields (Salesforce's {@code INVALID_FIELD}, {@code MALFORMED_QUERY}, ... messages), filters,
 * groups and counts, orders, and applies {@code OFFSET} (at most 2,000), {@code LIMIT} and the
 * object's row cap. {@code COUNT()} counts every match; the row cap truncates only returned records.
 * {@code COUNT(field)} counts non-null values, except {@code COUNT(Id)}, which counts rows: the doc's own
 * OauthToken query counts {@code Id}, which is always null there.
 */
final class SoqlExecutor {

    /** SOQL's largest {@code OFFSET}. */
    static final int MAX_OFFSET = 2_000;

    /** {@code totalSize} and the records, attributes first, then the fields in select order as JSON values. */
    record Result(int totalSize, List<Map<String, Object>> records) {
    }

    /** A select-list entry: a field, or {@code COUNT(field)} written under {@code key} (its alias, or {@code exprN}). */
    private record Column(Field field, String key) {

        boolean isCount() {
            return key != null;
        }
    }

    private final SoqlQuery query;
    private final SObjectView view;
    private final String apiPath;

    private SoqlExecutor(SoqlQuery query, SObjectView view, String apiPath) {
        this.query = query;
        this.view = view;
        this.apiPath = apiPath;
    }

    /** Runs {@code query} on {@code view}'s rows for {@code viewer}; {@code apiPath} is {@code /services/data/vNN.0}. */
    static Result execute(SoqlQuery query, SObjectView view, SimUser viewer, String apiPath) throws SoqlException {
        return new SoqlExecutor(query, view, apiPath).run(viewer);
    }

    private Result run(SimUser viewer) throws SoqlException {
        List<Column> columns = resolveSelect();
        List<Field> groupBy = resolveGroupBy();
        Comparator<Map<String, Object>> order = resolveOrder(groupBy);
        Predicate<Map<String, Object>> filter = resolveWhere();
        if (query.offset() != null && query.offset() > MAX_OFFSET) {
            throw new SoqlException(SoqlException.NUMBER_OUTSIDE_VALID_RANGE, "Maximum SOQL offset allowed is " + MAX_OFFSET);
        }
        if (query.isAggregate()) {
            checkGrouped(groupBy);
        }

        List<Map<String, Object>> rows = view.rows(viewer).stream().filter(filter).toList();
        if (query.countOnly()) {
            int matches = groupBy.isEmpty() ? rows.size() : groups(rows, groupBy).size();
            int afterOffset = Math.max(0, matches - (query.offset() == null ? 0 : query.offset()));
            return new Result(query.limit() == null ? afterOffset : Math.min(afterOffset, query.limit()), List.of());
        }
        return query.isAggregate() ? aggregate(rows, columns, groupBy, order) : select(rows, columns, order);
    }

    private Result aggregate(List<Map<String, Object>> rows, List<Column> columns, List<Field> groupBy,
                             Comparator<Map<String, Object>> order) {
        // Without GROUP BY, the aggregates cover all rows: one record, even when no row matched.
        List<List<Map<String, Object>>> groups = groupBy.isEmpty() ? new ArrayList<>(List.of(rows))
                : new ArrayList<>(groups(rows, groupBy).values());
        groups.sort(Comparator.comparing(List::getFirst, order));
        List<Map<String, Object>> records = window(groups).stream().map(group -> aggregateRecord(group, columns)).toList();
        return new Result(records.size(), records);
    }

    private Result select(List<Map<String, Object>> rows, List<Column> columns, Comparator<Map<String, Object>> order) {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        List<Map<String, Object>> kept = window(sorted);
        List<Map<String, Object>> records = kept.subList(0, Math.min(kept.size(), view.maxRows())).stream()
                .map(row -> record(row, columns)).toList();
        return new Result(records.size(), records);
    }

    private List<Column> resolveSelect() throws SoqlException {
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int unnamed = 0;
        for (SelectItem item : query.select()) {
            Field field = resolve(item.field());
            if (item.isCount()) {
                columns.add(new Column(field, item.alias() != null ? item.alias() : "expr" + unnamed++));
            } else if (names.add(field.name())) {
                columns.add(new Column(field, null));
            } else {
                throw SoqlException.at(query.text(), item.field().position(), SoqlException.MALFORMED_QUERY,
                        "duplicate field selected: " + field.name());
            }
        }
        return columns;
    }

    private List<Field> resolveGroupBy() throws SoqlException {
        List<Field> fields = new ArrayList<>();
        for (Name name : query.groupBy()) {
            Field field = resolve(name);
            if (!field.type().groupable()) {
                throw SoqlException.at(query.text(), name.position(), SoqlException.INVALID_FIELD,
                        "field '" + field.name() + "' can not be grouped in a query call");
            }
            fields.add(field);
        }
        return fields;
    }

    private Comparator<Map<String, Object>> resolveOrder(List<Field> groupBy) throws SoqlException {
        Comparator<Map<String, Object>> comparator = (a, b) -> 0;
        for (Order order : query.orderBy()) {
            Field field = resolve(order.field());
            if (!field.type().sortable()) {
                throw SoqlException.at(query.text(), order.field().position(), SoqlException.INVALID_FIELD,
                        "field '" + field.name() + "' can not be sorted in a query call");
            }
            if (query.isAggregate() && !groupBy.contains(field)) {
                throw SoqlException.at(query.text(), order.field().position(), SoqlException.MALFORMED_QUERY,
                        "Ordered field must be grouped or aggregated: " + field.name());
            }
            Comparator<Object> ascending = field.type()::compare;
            Comparator<Object> values = order.descending() ? ascending.reversed() : ascending;
            Comparator<Object> withNulls = order.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
            comparator = comparator.thenComparing(row -> row.get(field.name()), withNulls);
        }
        return comparator;
    }

    private Predicate<Map<String, Object>> resolveWhere() throws SoqlException {
        Predicate<Map<String, Object>> all = row -> true;
        for (Condition condition : query.where()) {
            all = all.and(predicate(condition));
        }
        return all;
    }

    private Predicate<Map<String, Object>> predicate(Condition condition) throws SoqlException {
        Field field = resolve(condition.field());
        SoqlType type = field.type();
        Operator operator = condition.operator();
        boolean ordering = operator != Operator.EQUALS && operator != Operator.NOT_EQUALS && operator != Operator.IN;
        if ((operator == Operator.LIKE && !type.textual()) || (type == SoqlType.BOOLEAN && ordering)) {
            throw SoqlException.at(query.text(), condition.field().position(), SoqlException.INVALID_QUERY_FILTER_OPERATOR,
                    "invalid operator on " + type.name().toLowerCase(Locale.ROOT) + " field: " + field.name());
        }
        List<Object> values = new ArrayList<>();
        for (Literal literal : condition.values()) {
            values.add(type.coerce(literal, field.name(), query.text()));
        }
        Object value = values.getFirst();
        return switch (operator) {
            case EQUALS -> row -> same(type, row.get(field.name()), value);
            case NOT_EQUALS -> row -> !same(type, row.get(field.name()), value);
            case IN -> row -> values.stream().anyMatch(v -> same(type, row.get(field.name()), v));
            case LIKE -> {
                Pattern pattern = likePattern(value);
                yield row -> row.get(field.name()) instanceof String s && pattern.matcher(s).matches();
            }
            case LESS -> row -> compared(type, row.get(field.name()), value, c -> c < 0);
            case LESS_OR_EQUAL -> row -> compared(type, row.get(field.name()), value, c -> c <= 0);
            case GREATER -> row -> compared(type, row.get(field.name()), value, c -> c > 0);
            case GREATER_OR_EQUAL -> row -> compared(type, row.get(field.name()), value, c -> c >= 0);
        };
    }

    private void checkGrouped(List<Field> groupBy) throws SoqlException {
        for (SelectItem item : query.select()) {
            Field field = resolve(item.field());
            if (!item.isCount() && !groupBy.contains(field)) {
                throw SoqlException.at(query.text(), item.field().position(), SoqlException.MALFORMED_QUERY,
                        "Field must be grouped or aggregated: " + field.name());
            }
        }
    }

    private Field resolve(Name name) throws SoqlException {
        if (name.text().contains(".")) {
            throw SoqlException.at(query.text(), name.position(), SoqlException.INVALID_FIELD,
                    "Didn't understand relationship '" + name.text().substring(0, name.text().lastIndexOf('.'))
                            + "' in field path. If you are attempting to use a custom relationship, be sure to append the"
                            + " '__r' after the custom relationship name. Please reference your WSDL or the describe call"
                            + " for the appropriate names.");
        }
        return view.field(name.text()).orElseThrow(() -> SoqlException.at(query.text(), name.position(),
                SoqlException.INVALID_FIELD, "No such column '" + name.text() + "' on entity '" + view.name()
                        + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom"
                        + " field name. Please reference your WSDL or the describe call for the appropriate names."));
    }

    private static Map<List<Object>, List<Map<String, Object>>> groups(List<Map<String, Object>> rows, List<Field> groupBy) {
        Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            List<Object> key = groupBy.stream().map(f -> row.get(f.name())).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    private static Map<String, Object> aggregateRecord(List<Map<String, Object>> group, List<Column> columns) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", "AggregateResult"));
        for (Column column : columns) {
            String name = column.field().name();
            if (column.isCount()) {
                record.put(column.key(), name.equals("Id") ? group.size()
                        : (int) group.stream().filter(row -> row.get(name) != null).count());
            } else {
                record.put(name, column.field().type().toJson(group.getFirst().get(name)));
            }
        }
        return record;
    }

    private Map<String, Object> record(Map<String, Object> row, List<Column> columns) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", view.name());
        Object id = row.get("Id");
        if (id != null) {
            attributes.put("url", apiPath + "/sobjects/" + view.name() + "/" + id);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", attributes);
        for (Column column : columns) {
            record.put(column.field().name(), column.field().type().toJson(row.get(column.field().name())));
        }
        return record;
    }

    /** The part of {@code all} that {@code OFFSET} and {@code LIMIT} keep. */
    private <T> List<T> window(List<T> all) {
        int from = Math.min(all.size(), query.offset() == null ? 0 : query.offset());
        int to = query.limit() == null ? all.size() : (int) Math.min(all.size(), (long) from + query.limit());
        return all.subList(from, to);
    }

    private static boolean same(SoqlType type, Object rowValue, Object value) {
        if (rowValue == null || value == null) {
            return rowValue == value;
        }
        return type.compare(rowValue, value) == 0;
    }

    private static boolean compared(SoqlType type, Object rowValue, Object value, IntPredicate test) {
        return rowValue != null && value != null && test.test(type.compare(rowValue, value));
    }

    /** A case-insensitive {@code LIKE} pattern: {@code %} any run, {@code _} one character, {@code \%}, {@code \_} themselves. */
    private static Pattern likePattern(Object value) {
        String like = value == null ? "" : (String) value;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
