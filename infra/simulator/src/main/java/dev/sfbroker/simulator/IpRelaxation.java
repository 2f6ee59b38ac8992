package dev.sfbroker.simulator;

/**
 * A connected app's IP relaxation, {@code oauthPolicy.ipRelaxation}. It decides
 * whether a user marked {@link SimUser#ipRestricted(boolean) IP restricted} is refused with
 * {@code IP restricted or invalid login hours}: on JWT bearer logins and on refresh-token exchanges
 * (the simulated web server login has no IP check). The constant names are the {@code ConnectedApp} metadata values.
 */
public enum IpRelaxation {
    /** Enforce IP restrictions (the default): logins and refreshes are refused. */
    ENFORCE(true, true),
    /** Relax IP restrictions: never refused. */
    BYPASS(false, false),
    /** Relax IP restrictions with second factor: never refused (the simulator has no second factor to ask for). */
    BYPASS_2FACTOR(false, false),
    /** Enforce IP restrictions, but relax for refresh tokens: logins are refused, refreshes are not. */
    ENFORCE_RELAXREFRESH(true, false);

    private final boolean enforcedOnLogin;
    private final boolean enforcedOnRefresh;

    IpRelaxation(boolean enforcedOnLogin, boolean enforcedOnRefresh) {
        this.enforcedOnLogin = enforcedOnLogin;
        this.enforcedOnRefresh = enforcedOnRefresh;
    }

    /** Whether an IP-restricted user is refused a JWT bearer login. */
    public boolean enforcedOnLogin() {
        return enforcedOnLogin;
    }

    /** Whether an IP-restricted user is refused a refresh-token exchange. */
    public boolean enforcedOnRefresh() {
        return enforcedOnRefresh;
    }
}
