package dev.sfbroker.token;

/** Salesforce (or the way to it) refused or failed to issue a token. */
public final class GrantFailedException extends Exception {
    private final transient Failure failure;

    public GrantFailedException(Failure failure) {
        super(failure.failureClass() + ": " + failure.cause());
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
