package dev.sfbroker.simulator;

/** Ends a token request with an OAuth error. Carries no stack trace: it is control flow, not a fault. */
final class OAuthException extends Exception {

    private final OAuthError error;

    OAuthException(OAuthError error) {
        super(error.error() + ": " + error.description(), null, false, false);
        this.error = error;
    }

    OAuthError error() {
        return error;
    }
}
