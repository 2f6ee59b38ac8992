package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A read-only sObject the query endpoint serves, computed from the model for the user who asks. */
abstract class SObjectView {

    private final String name;
    private final List<Field> fields;
    private final int batchSize;
    private final int maxRows;

    SObjectView(String name, List<Field> fields, int batchSize, int maxRows) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.batchSize = batchSize;
        this.maxRows = maxRows;
    }

    /** The sObject's API name, e.g. {@code OauthToken}. */
    final String name() {
        return name;
    }

    /** Its fields, in describe order. */
    final List<Field> fields() {
        return fields;
    }

    /** Records per response; more come through {@code nextRecordsUrl}. */
    final int batchSize() {
        return batchSize;
    }

    /** The most rows one query returns; the rest are left out. */
    final int maxRows() {
        return maxRows;
    }

    /** The rows {@code viewer} may see, oldest first, keyed by field name, with Java values ({@link SoqlType#coerce}). */
    abstract List<Map<String, Object>> rows(SimUser viewer);

    /** The field of that name, compared case-insensitively as Salesforce does. */
    final Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    /** {@code records} oldest first by {@code createdDate}, each made a row by {@code row}. */
    static <T> List<Map<String, Object>> oldestFirst(
            List<T> records, Function<T, Instant> createdDate, Function<T, Map<String, Object>> row) {
        return records.stream().sorted(Comparator.comparing(createdDate)).map(row).toList();
    }

    record Field(String name, SoqlType type) {
    }
}
