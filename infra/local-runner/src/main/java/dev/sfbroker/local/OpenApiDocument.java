package dev.sfbroker.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The broker's one OpenAPI document: the documents the build generates from each HTTP module's controllers
 * ({@code META-INF/swagger/<module>.yml}), merged. The first module's document brings the header and the security
 * scheme; paths, schemas and tags are the union, sorted so the output is stable. {@code docs/openapi.yaml} is a copy,
 * checked by a test.
 */
public final class OpenApiDocument {
    /** In merge order: http-api holds the header ({@code ApiContract}). */
    static final List<String> MODULES = List.of("http-api", "token-api", "ops");

    private OpenApiDocument() {
    }

    public static String yaml() {
        Map<String, Object> merged = new LinkedHashMap<>(read(MODULES.getFirst()));
        Map<String, Object> paths = new TreeMap<>();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> securitySchemes = new TreeMap<>();
        Map<String, Map<String, Object>> tags = new TreeMap<>();
        for (String module : MODULES) {
            Map<String, Object> document = read(module);
            section(document, "paths").forEach((path, operations) -> paths.put(path, withSortedResponses(operations)));
            Map<String, Object> components = section(document, "components");
            schemas.putAll(section(components, "schemas"));
            securitySchemes.putAll(section(components, "securitySchemes"));
            for (Map<String, Object> tag : list(document.get("tags"))) {
                // a tag is described once, on its controller; other routes only name it
                tags.merge((String) tag.get("name"), tag, (first, second) -> first.containsKey("description") ? first : second);
            }
        }
        merged.put("tags", new ArrayList<>(tags.values()));
        merged.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("securitySchemes", securitySchemes);
        merged.put("components", components);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setSplitLines(true);
        return new Yaml(options).dump(merged);
    }

    /** Responses by status code: the processor's order follows annotation order, which says nothing. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withSortedResponses(Object operations) {
        Map<String, Object> sorted = new LinkedHashMap<>();
        ((Map<String, Object>) operations).forEach((method, operation) -> {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) operation);
            copy.computeIfPresent("responses", (key, responses) -> new TreeMap<>((Map<String, Object>) responses));
            sorted.put(method, copy);
        });
        return sorted;
    }

    private static Map<String, Object> read(String module) {
        String resource = "META-INF/swagger/" + module + ".yml";
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: build the " + module + " module");
            }
            return new Yaml(new LoaderOptions()).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
