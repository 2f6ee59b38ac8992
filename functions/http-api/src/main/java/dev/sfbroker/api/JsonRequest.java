package dev.sfbroker.api;

import dev.sfbroker.token.InvalidRequestException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request body read strictly: a JSON object of known fields only, each of its exact type and within its bounds.
 * Nothing is guessed: {@code "yes"} is not a boolean and {@code 0} is not {@code false}. Every refusal says what to
 * send instead, and never how the broker parses.
 */
public final class JsonRequest {
    /** The largest body any route accepts; a connection's definition is far smaller. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int SHOWN_VALUE_LENGTH = 40;

    private final Map<String, Object> fields;

    private JsonRequest(Map<String, Object> fields, List<String> known) {
        List<String> unknown = fields.keySet().stream().filter(field -> !known.contains(field)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown field" + (unknown.size() > 1 ? "s " : " ") + quoted(unknown)
                    + "; the fields of this request are " + quoted(known));
        }
        this.fields = fields;
    }

    /** A body as it arrived; none at all reads as {@code {}}. */
    public static JsonRequest parse(String body, JsonMapper json, List<String> known) {
        if (body == null || body.isBlank()) {
            return new JsonRequest(Map.of(), known);
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException(MAX_BODY_BYTES);
        }
        Object parsed;
        try {
            parsed = json.readValue(body, Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("the body is not valid JSON; send one JSON object with the fields " + quoted(known)
                    + ", strings in double quotes");
        }
        return of(parsed, known);
    }

    /** A JSON object already parsed (a Lambda event). */
    public static JsonRequest of(Object parsed, List<String> known) {
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new InvalidRequestException("send one JSON object {…} with the fields " + quoted(known));
        }
        @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) object;
        return new JsonRequest(fields, known);
    }

    /** True when the field was sent, even as {@code null}. */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The fields, of those given, that were not sent (or sent as {@code null}). */
    public List<String> missing(List<String> required) {
        return required.stream().filter(field -> fields.get(field) == null).toList();
    }

    public Optional<String> text(String field, int maxLength) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw wrongType(field, "a string in double quotes", value);
        }
        return Optional.of(bounded(field, text, maxLength));
    }

    public Optional<Boolean> bool(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean bool)) {
            throw wrongType(field, "true or false (a JSON boolean, without quotes)", value);
        }
        return Optional.of(bool);
    }

    public Optional<Integer> wholeNumber(String field, int min, int max) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw wrongType(field, "a whole number from " + min + " to " + max, value);
        }
        BigInteger number = new BigInteger(value.toString());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidRequestException("'" + field + "' must be from " + min + " to " + max + "; got " + shown(value));
        }
        return Optional.of(number.intValueExact());
    }

    /** A list of strings: no nulls, no other types, at most {@code maxItems} of at most {@code maxLength} characters. */
    public Optional<List<String>> texts(String field, int maxItems, int maxLength) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> items)) {
            throw wrongType(field, "a list of strings [\"…\", …]", value);
        }
        if (items.size() > maxItems) {
            throw new InvalidRequestException("'" + field + "' may hold at most " + maxItems + " entries; got " + items.size());
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String element = field + "[" + i + "]";
            if (!(items.get(i) instanceof String text)) {
                throw wrongType(element, "a string in double quotes (lists hold no nulls)", items.get(i));
            }
            texts.add(bounded(element, text, maxLength));
        }
        return Optional.of(texts);
    }

    private static String bounded(String field, String text, int maxLength) {
        if (text.isBlank()) {
            throw new InvalidRequestException("'" + field + "' is empty; send a value, or leave the field out");
        }
        if (text.length() > maxLength) {
            throw new InvalidRequestException("'" + field + "' may be at most " + maxLength + " characters; got " + text.length());
        }
        // no id, name, host, ARN or secret reference holds one, and a NUL cannot even name a file
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("'" + field + "' contains a control character (a NUL, tab or line break, say); send it as"
                    + " printable text");
        }
        return text;
    }

    private static InvalidRequestException wrongType(String field, String expected, Object value) {
        return new InvalidRequestException("'" + field + "' must be " + expected + "; got " + shown(value));
    }

    /** The value as the caller wrote it in JSON, cut short. */
    private static String shown(Object value) {
        String json = switch (value) {
            case null -> "null";
            case String text -> "\"" + text + "\"";
            case Map<?, ?> object -> "an object";
            case List<?> list -> "a list";
            default -> value.toString();
        };
        return json.length() > SHOWN_VALUE_LENGTH ? json.substring(0, SHOWN_VALUE_LENGTH) + "…" : json;
    }

    private static String quoted(List<String> fields) {
        return String.join(", ", fields.stream().map(field -> "'" + field + "'").toList());
    }
}
