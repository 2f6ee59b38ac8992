package dev.sfbroker.events;

import dev.sfbroker.token.ConnectionEvent;
import dev.sfbroker.token.Failure;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code detail} of a connection event as published, schema version {@value #SCHEMA_VERSION}
 * ({@code docs/events/connection-event.schema.json}). It names the connection, its org and user and the failure; it
 * has no field that could hold a token or a key. A new optional field keeps the version; removing or changing one
 * makes a new version.
 */
public final class ConnectionEventDetail {
    public static final String SOURCE = "token-broker";
    public static final int SCHEMA_VERSION = 1;

    private final JsonMapper json;

    public ConnectionEventDetail(JsonMapper json) {
        this.json = json;
    }

    public String toJson(ConnectionEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("schema_version", SCHEMA_VERSION);
        detail.put("connection_id", event.connectionId());
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("login_host", event.loginHost());
        putIfPresent(org, "instance_url", event.instanceUrl());
        detail.put("org", org);
        detail.put("username", event.username());
        detail.put("flow", event.flow().wireName());
        detail.put("previous_state", event.previousState().name());
        detail.put("new_state", event.newState().name());
        if (event.failure() != null) {
            detail.put("error", error(event.failure()));
        }
        detail.put("time", event.at().toString());
        putIfPresent(detail, "audit_event_id", event.auditEventId());
        try {
            return json.writeValueAsString(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> error(Failure failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("class", failure.failureClass().name());
        putIfPresent(error, "salesforce_error", failure.salesforceError());
        putIfPresent(error, "salesforce_description", failure.salesforceDescription());
        putIfPresent(error, "cause", failure.cause());
        putIfPresent(error, "fix", failure.fix());
        putIfPresent(error, "at", failure.at() == null ? null : failure.at().toString());
        return error;
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
