package dev.sfbroker.token;

import java.time.Instant;

/**
 * A web-server authorisation in progress: the digest of its {@code state} (the state itself travels only in
 * the browser's redirect) and its PKCE code verifier, until {@code expiresAt}.
 */
public record PendingAuthorization(String stateDigest, Secret codeVerifier, Instant expiresAt) {
}
