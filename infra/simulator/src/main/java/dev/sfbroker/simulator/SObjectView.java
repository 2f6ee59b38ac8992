package dev.sfbroker.simulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A read-only sObject the query endpoint serves, computed from the model for the user who asks. */
interface SObjectView {

    /** The sObject's API name, e.g. {@code OauthToken}. */
    String name();

    /** Its fields, in describe order. */
    List<Field> fields();

    /** The rows {@code viewer} may see, oldest first, keyed by field name, with Java values ({@link SoqlType#coerce}). */
    List<Map<String, Object>> rows(SimUser viewer);

    /** Records per response; more come through {@code nextRecordsUrl}. */
    int batchSize();

    /** The most rows one query returns; the rest are left out. */
    int maxRows();

    /** The field of that name, compared case-insensitively as Salesforce does. */
    default Optional<Field> field(String name) {
        return fields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    record Field(String name, SoqlType type) {
    }
}
