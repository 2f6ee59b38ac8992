package dev.sfbroker.token;

import java.util.Arrays;

/**
 * What a revocation takes away: the access token alone, which leaves a refresh-token
 * grant renewable, or the grant, whose refresh token takes all its access tokens with it.
 */
public enum RevocationTarget {
    ACCESS_TOKEN("access_token"),
    GRANT("grant");

    private final String wireName;

    RevocationTarget(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RevocationTarget fromWireName(String name) {
        return Arrays.stream(values()).filter(target -> target.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("target must be 'access_token' or 'grant', not '" + name + "'"));
    }
}
