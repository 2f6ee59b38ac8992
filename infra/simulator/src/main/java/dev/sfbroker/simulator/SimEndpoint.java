package dev.sfbroker.simulator;

/** The Salesforce endpoints the simulator serves, as counted by {@link SimCounters}. */
public enum SimEndpoint {
    /** {@code POST /services/oauth2/token} (reference §0). */
    TOKEN("token"),
    /** {@code GET /services/oauth2/authorize} (reference §0, §7). */
    AUTHORIZE("authorize"),
    /** {@code /services/oauth2/revoke} (reference §3). */
    REVOKE("revoke"),
    /** {@code POST /services/oauth2/introspect} (reference §4). */
    INTROSPECT("introspect"),
    /** {@code /services/data} and everything below it (reference §8). */
    REST_API("rest"),
    /** {@code POST /services/Soap/m/NN.0}, the Metadata API's SOAP endpoint (reference §6.4, §8). */
    METADATA("metadata"),
    /** {@code GET /id/{orgId}/{userId}}, the identity URL (reference §2.2). */
    IDENTITY("identity"),
    /** Any other path outside the control API (answered 404). */
    OTHER("other");

    private final String key;

    SimEndpoint(String key) {
        this.key = key;
    }

    /** A short lower-case name, used in the control API's JSON. */
    public String key() {
        return key;
    }
}
