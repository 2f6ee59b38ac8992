package dev.sfbroker.client;

import java.util.Map;

/** The broker's JSON error body. */
record BrokerError(String error, String message, String connection, String failureClass, String salesforceError,
                   String salesforceErrorDescription, String cause, String fix) {

    static BrokerError of(Map<String, String> fields) {
        return new BrokerError(fields.getOrDefault("error", "unknown"), fields.getOrDefault("message", ""), fields.get("connection"),
                fields.get("failure_class"), fields.get("salesforce_error"), fields.get("salesforce_error_description"),
                fields.get("cause"), fields.get("fix"));
    }

    /** Anything that is not the broker's JSON error (a gateway's page, say), named by its status. */
    static BrokerError unreadable(int status, String body) {
        String shown = body.length() > 200 ? body.substring(0, 200) + "…" : body;
        return new BrokerError("http_" + status, "the broker answered HTTP " + status + " without its JSON error: " + shown,
                null, null, null, null, null, null);
    }
}
