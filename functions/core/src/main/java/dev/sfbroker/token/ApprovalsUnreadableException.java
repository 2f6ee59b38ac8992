package dev.sfbroker.token;

/** Salesforce did not list the approvals; the message says why and is safe to show. */
public final class ApprovalsUnreadableException extends Exception {

    public ApprovalsUnreadableException(String message) {
        super(message);
    }
}
