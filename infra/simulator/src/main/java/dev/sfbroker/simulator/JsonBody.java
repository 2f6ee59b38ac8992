package dev.sfbroker.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object from a control-API request, read field by field. Every field asked for is
 * remembered, so {@link #finish()} can reject the fields nobody asked for, naming the known ones.
 * Malformed JSON, a non-object and duplicate names are 400s.
 */
final class JsonBody {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String where;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> consumed = new LinkedHashSet<>();

    private JsonBody(String where, ObjectNode node) {
        this.where = where;
        this.node = node;
    }

    /** The request body; an empty body reads as {@code {}}. */
    static JsonBody parse(byte[] bytes) {
        if (bytes.length == 0) {
            return new JsonBody("body", STRICT.createObjectNode());
        }
        try {
            return of("body", STRICT.readTree(bytes));
        } catch (JsonProcessingException e) {
            throw ControlException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ControlException.badRequest("unreadable body");
        }
    }

    /** A nested object, named {@code where} in error messages. */
    static JsonBody of(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ControlException.badRequest(where + " must be a JSON object");
        }
        return new JsonBody(where, (ObjectNode) node);
    }

    boolean has(String name) {
        known.add(name);
        return node.has(name);
    }

    <V> V required(String name, JsonCodec<V> codec) {
        if (!has(name)) {
            throw ControlException.badRequest("missing field '" + name + "'");
        }
        return take(name, codec);
    }

    <V> Optional<V> optional(String name, JsonCodec<V> codec) {
        return has(name) ? Optional.ofNullable(take(name, codec)) : Optional.empty();
    }

    /** The field's value (may be null with a {@link JsonCodec#nullable()} codec); the field must be present. */
    <V> V take(String name, JsonCodec<V> codec) {
        known.add(name);
        consumed.add(name);
        return codec.decode(name, node.get(name));
    }

    /** True if the field is present and nobody has read it yet. */
    boolean unread(String name) {
        return has(name) && !consumed.contains(name);
    }

    /** True if the field is present; unlike {@link #has}, not listed as known (for read-only fields). */
    boolean present(String name) {
        return node.has(name) && !consumed.contains(name);
    }

    /** Rejects any field not read. */
    void finish() {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(consumed);
        if (!unknown.isEmpty()) {
            throw ControlException.badRequest("unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + " in " + where + "; known: " + String.join(", ", known));
        }
    }
}
