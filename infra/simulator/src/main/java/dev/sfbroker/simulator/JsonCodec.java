package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Converts one control-API field between JSON and a Java value, and says what is wrong with a bad
 * value. Durations are ISO-8601 strings ({@code "PT30M"}), instants ISO-8601 ({@code "2026-01-01T00:00:00Z"}),
 * enums their constant names (any case).
 */
interface JsonCodec<V> {

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The value of {@code node}, field {@code field}; {@link ControlException} (400) if it does not fit. */
    V decode(String field, JsonNode node);

    JsonNode encode(V value);

    /** The same codec with JSON {@code null} read and written as Java null. */
    default JsonCodec<V> nullable() {
        JsonCodec<V> self = this;
        return new JsonCodec<>() {
            @Override
            public V decode(String field, JsonNode node) {
                return node.isNull() ? null : self.decode(field, node);
            }

            @Override
            public JsonNode encode(V value) {
                return value == null ? NODES.nullNode() : self.encode(value);
            }
        };
    }

    JsonCodec<Boolean> BOOLEAN = of("true or false", JsonNode::isBoolean, JsonNode::booleanValue, NODES::booleanNode);
    JsonCodec<Integer> INT = of("an integer", n -> n.isIntegralNumber() && n.canConvertToInt(), JsonNode::intValue, NODES::numberNode);
    JsonCodec<Long> LONG = of("an integer", n -> n.isIntegralNumber() && n.canConvertToLong(), JsonNode::longValue, NODES::numberNode);
    JsonCodec<Double> NUMBER = of("a number", JsonNode::isNumber, JsonNode::doubleValue, NODES::numberNode);
    JsonCodec<String> STRING = of("a string", JsonNode::isTextual, JsonNode::textValue, NODES::textNode);
    JsonCodec<Duration> DURATION = parsed("an ISO-8601 duration such as \"PT30M\"", Duration::parse, Duration::toString);
    JsonCodec<Duration> POSITIVE_DURATION = parsed("a positive ISO-8601 duration such as \"PT30M\"", text -> {
        Duration duration = Duration.parse(text);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("not positive");
        }
        return duration;
    }, Duration::toString);
    JsonCodec<Instant> INSTANT = parsed("an ISO-8601 instant such as \"2026-01-01T00:00:00Z\"", Instant::parse, Instant::toString);
    JsonCodec<List<String>> STRINGS = listOf(STRING);

    /** An {@link OAuthError} as {@code {"error","description","status"}}; status defaults to 400. */
    JsonCodec<OAuthError> OAUTH_ERROR = new JsonCodec<>() {
        @Override
        public OAuthError decode(String field, JsonNode node) {
            JsonBody body = JsonBody.of(field, node);
            String error = body.required("error", STRING);
            String description = body.required("description", STRING);
            int status = body.optional("status", INT).orElse(400);
            body.finish();
            try {
                return new OAuthError(error, description, status);
            } catch (IllegalArgumentException e) {
                throw ControlException.badRequest("field '" + field + "': " + e.getMessage());
            }
        }

        @Override
        public JsonNode encode(OAuthError value) {
            ObjectNode node = NODES.objectNode();
            node.put("error", value.error());
            node.put("description", value.description());
            node.put("status", value.status());
            return node;
        }
    };

    static <E extends Enum<E>> JsonCodec<E> enumOf(Class<E> type) {
        String names = Arrays.toString(type.getEnumConstants());
        return parsed("one of " + names, text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)), Enum::name);
    }

    static <V> JsonCodec<List<V>> listOf(JsonCodec<V> element) {
        return new JsonCodec<>() {
            @Override
            public List<V> decode(String field, JsonNode node) {
                if (!node.isArray()) {
                    throw ControlException.badRequest("field '" + field + "' must be an array");
                }
                List<V> values = new ArrayList<>();
                for (JsonNode item : node) {
                    values.add(element.decode(field + "[]", item));
                }
                return values;
            }

            @Override
            public JsonNode encode(List<V> values) {
                ArrayNode array = NODES.arrayNode();
                values.forEach(v -> array.add(element.encode(v)));
                return array;
            }
        };
    }

    /** A codec for JSON values of one kind. */
    static <V> JsonCodec<V> of(String expected, Predicate<JsonNode> accepts,
                               Function<JsonNode, V> read, Function<V, JsonNode> write) {
        return new JsonCodec<>() {
            @Override
            public V decode(String field, JsonNode node) {
                if (!accepts.test(node)) {
                    throw ControlException.badRequest("field '" + field + "' must be " + expected);
                }
                return read.apply(node);
            }

            @Override
            public JsonNode encode(V value) {
                return write.apply(value);
            }
        };
    }

    /** A codec for values written as strings and parsed (a parse failure is a 400). */
    static <V> JsonCodec<V> parsed(String expected, Function<String, V> parse, Function<V, String> format) {
        return new JsonCodec<>() {
            @Override
            public V decode(String field, JsonNode node) {
                if (node.isTextual()) {
                    try {
                        return parse.apply(node.textValue());
                    } catch (DateTimeParseException | IllegalArgumentException e) {
                        // falls through to the message below
                    }
                }
                throw ControlException.badRequest("field '" + field + "' must be " + expected + ", not " + node);
            }

            @Override
            public JsonNode encode(V value) {
                return NODES.textNode(format.apply(value));
            }
        };
    }
}
