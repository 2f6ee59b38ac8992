package dev.sfbroker.token;

import java.util.Objects;

/**
 * A secret string (access token, private key, client secret). Its {@code toString} never reveals the
 * value, so a secret that slips into a log line or an exception message stays hidden.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret value itself; call only where it has to cross a wire or reach a cipher. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
