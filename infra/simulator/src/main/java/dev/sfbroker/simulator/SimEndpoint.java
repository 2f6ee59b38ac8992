package dev.sfbroker.simulator;

/** The Salesforce endpoints the simulator serves, as counted by {@link SimCounters}. */
public enum SimEndpoint {
    /** {@code POST /services/oauth2/token}. */
    TOKEN("token"),
    /** {@code GET /services/oauth2/authorize}. */
    AUTHORIZE("authorize"),
    /** {@code /services/oauth2/revoke}. */
    REVOKE("revoke"),
    /** {@code POST /services/oauth2/introspect}. */
    INTROSPECT("introspect"),
    /** {@code /services/data} and everything below it. */
    REST_API("rest"),
    /** {@code POST /services/Soap/m/NN.0}, the Metadata API's SOAP endpoint. */
    METADATA("metadata"),
    /** {@code GET /id/{orgId}/{userId}}, the identity URL. */
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
