package dev.sfbroker.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code application/x-www-form-urlencoded} text: query strings read, and the form-encoded bodies and
 * redirect parameters Salesforce writes, with spaces as {@code %20}.
 */
final class FormEncoding {

    private FormEncoding() {
    }

    /** The parameters of a raw (still encoded) query string; empty for null or a malformed string. The first value of a repeated name wins. */
    static Map<String, String> parse(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException malformed) {
            return new HashMap<>();
        }
        return params;
    }

    /** {@code name=value&...} in the map's order, e.g. {@code error_description=this%20token%20type%20is%20not%20supported}. */
    static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
