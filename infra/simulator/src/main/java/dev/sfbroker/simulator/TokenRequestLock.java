package dev.sfbroker.simulator;

/**
 * Which token requests Salesforce serialises: while one is in processing, another that
 * shares its lock is refused and not applied. Reports differ (UNCERTAIN): see {@link SimSettings#tokenRequestLock()}.
 */
public enum TokenRequestLock {
    /** Requests presenting the same refresh token, or the same authorization code: the release note's reading. */
    PER_TOKEN,
    /**
     * Every refresh-token and authorization-code request of the same connected app ({@code client_id}),
     * whatever its token: one client's reading.
     */
    PER_CONNECTED_APP
}
