package dev.sfbroker.token;

import java.util.Arrays;

/** How the broker obtains a connection's access tokens from Salesforce. */
public enum Flow {
    /** OAuth 2.0 JWT bearer: a fresh RS256 assertion per token; Salesforce issues no refresh token. */
    JWT_BEARER("jwt_bearer"),
    /** A refresh token obtained once through the web-server flow (with PKCE), exchanged for access tokens. */
    REFRESH_TOKEN("refresh_token");

    private final String wireName;

    Flow(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Flow fromWireName(String name) {
        return Arrays.stream(values())
                .filter(flow -> flow.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidRequestException("unknown flow '" + name + "'; supported: jwt_bearer, refresh_token"));
    }
}
