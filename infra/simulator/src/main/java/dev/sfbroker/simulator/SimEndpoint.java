package dev.sfbroker.simulator;

/** The Salesforce endpoints the simulator serves, as counted by {@link SimCounters}. */
public enum SimEndpoint {
    /** {@code POST /services/oauth2/token} (reference §0). */
    TOKEN("token"),
    /** {@code /services/data} and everything below it (reference §8). */
    REST_API("rest"),
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
