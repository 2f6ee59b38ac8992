package dev.sfbroker.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP helpers for the control API under {@code /__sim/}. */
abstract class ControlApiTestBase extends SimulatorTestBase {

    HttpResponse<String> control(String method, String path, String jsonBody) {
        HttpRequest.BodyPublisher body = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody);
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/__sim/" + path))
                .header("Content-Type", "application/json")
                .method(method, body));
    }

    /** The JSON answer of a call expected to answer {@code status}. */
    JsonNode control(int status, String method, String path, String jsonBody) {
        HttpResponse<String> response = control(method, path, jsonBody);
        assertEquals(status, response.statusCode(), response::body);
        return response.body().isEmpty() ? null : json(response);
    }

    /** Asserts a 400 whose message contains {@code fragment}. */
    void assertBadRequest(String fragment, String method, String path, String jsonBody) {
        JsonNode error = control(400, method, path, jsonBody);
        assertEquals("bad_request", error.get("error").asText());
        String message = error.get("message").asText();
        if (!message.contains(fragment)) {
            throw new AssertionError("message \"" + message + "\" lacks \"" + fragment + "\"");
        }
    }

    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
