package dev.sfbroker.secrets;

/** A connected app's credentials could not be loaded: the secret is missing or malformed, or the store is unreachable. */
public final class CredentialsUnavailableException extends Exception {
    private final boolean retryable;

    public CredentialsUnavailableException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** True when the store failed (try again later) rather than the secret being wrong. */
    public boolean retryable() {
        return retryable;
    }
}
