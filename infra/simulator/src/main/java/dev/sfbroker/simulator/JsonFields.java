package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JSON face of one kind of object (an org, a user, a connected app, the settings): each property
 * is one JSON field mapped to the object's getter and setter. {@link #write} gives every readable
 * field; {@link #parse} checks every field of a request before anything is changed, and returns
 * the change to apply, setters in table order.
 */
final class JsonFields<T> {

    private final Map<String, Field<T, ?>> fields = new LinkedHashMap<>();

    /** A field read with {@code getter} and written with {@code setter}. */
    <V> JsonFields<T> field(String name, JsonCodec<V> codec, Function<T, V> getter, BiConsumer<T, V> setter) {
        fields.put(name, new Field<>(codec, getter, setter));
        return this;
    }

    <V> JsonFields<T> readOnly(String name, JsonCodec<V> codec, Function<T, V> getter) {
        return field(name, codec, getter, null);
    }

    /** A field that only does something (e.g. {@code preAuthorize}); never written out. */
    <V> JsonFields<T> writeOnly(String name, JsonCodec<V> codec, BiConsumer<T, V> setter) {
        return field(name, codec, null, setter);
    }

    ObjectNode write(T target) {
        ObjectNode node = JsonCodec.NODES.objectNode();
        fields.forEach((name, field) -> {
            if (field.getter() != null) {
                node.set(name, field.encode(target));
            }
        });
        return node;
    }

    /**
     * Reads this table's fields from {@code body} (leaving the rest for the caller's {@link JsonBody#finish()}):
     * a read-only field or a bad value is a 400, and nothing has been changed yet.
     */
    Consumer<T> parse(JsonBody body) {
        List<Consumer<T>> changes = new ArrayList<>();
        fields.forEach((name, field) -> {
            if (field.setter() == null) {
                if (body.present(name)) {
                    throw ControlException.badRequest("field '" + name + "' is read-only");
                }
            } else if (body.unread(name)) {
                changes.add(field.change(name, body));
            }
        });
        return target -> changes.forEach(change -> change.accept(target));
    }

    private record Field<T, V>(JsonCodec<V> codec, Function<T, V> getter, BiConsumer<T, V> setter) {

        JsonNode encode(T target) {
            return codec.encode(getter.apply(target));
        }

        Consumer<T> change(String name, JsonBody body) {
            V value = body.take(name, codec);
            return target -> setter.accept(target, value);
        }
    }
}
