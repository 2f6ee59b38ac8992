package dev.sfbroker.simulator;

/** A control-API answer: a status and a JSON body (none for 204). */
record ControlResponse(int status, Object body) {

    static ControlResponse ok(Object body) {
        return new ControlResponse(200, body);
    }

    static ControlResponse created(Object body) {
        return new ControlResponse(201, body);
    }

    static ControlResponse noContent() {
        return new ControlResponse(204, null);
    }
}
