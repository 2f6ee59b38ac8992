package dev.sfbroker.simulator;

/** A control-API request that cannot be served: answered {@code status} with {@code {"error","message"}}. */
final class ControlException extends RuntimeException {

    private final int status;
    private final String error;

    private ControlException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static ControlException badRequest(String message) {
        return new ControlException(400, "bad_request", message);
    }

    static ControlException notFound(String message) {
        return new ControlException(404, "not_found", message);
    }

    static ControlException methodNotAllowed(String message) {
        return new ControlException(405, "method_not_allowed", message);
    }

    static ControlException conflict(String message) {
        return new ControlException(409, "conflict", message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
