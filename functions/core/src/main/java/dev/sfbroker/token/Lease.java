package dev.sfbroker.token;

import java.time.Instant;

/**
 * The right to renew a connection's token, held by one renewal attempt of one broker instance ({@code owner} names
 * both) until {@code until}. The lease outlives the longest possible token call (see {@link RenewalPolicy}), so an
 * expired lease means its holder is gone.
 */
public record Lease(String owner, Instant until) {

    public boolean isHeldAt(Instant now) {
        return now.isBefore(until);
    }
}
