package dev.sfbroker.token;

/** A callback that does not complete an authorisation the broker started (wrong, replayed or expired state). */
public final class InvalidAuthorizationException extends RuntimeException {
    public InvalidAuthorizationException(String message) {
        super(message);
    }
}
