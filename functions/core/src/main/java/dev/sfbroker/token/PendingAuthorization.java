package dev.sfbroker.token;

import java.time.Instant;

/**
 * A web-server authorisation in progress: the digest of its {@code state} (the state itself travels only in
 * the browser's redirect) and its PKCE code verifier, until {@code expiresAt}.
 *
 * @param exchangeStartedAt when a callback began exchanging its code; null until then. Left set, it means an instance may
 *                          have received a grant and stopped before storing it
 */
public record PendingAuthorization(String stateDigest, Secret codeVerifier, Instant expiresAt, Instant exchangeStartedAt) {
}
