package dev.sfbroker.policy;

/** Salesforce did not give the audit what it asked for; the message says why, in words a person can act on. */
public final class AdminReadException extends Exception {

    /** Why, so the audit can tell whether a new token, a permission or simply a later retry is what it needs. */
    public enum Kind {
        /** The access token was refused (REST 401 {@code INVALID_SESSION_ID}, SOAP fault {@code sf:INVALID_SESSION_ID}). */
        SESSION_REJECTED,
        /** Salesforce refused the request itself: the user lacks a permission, or the query or call is not accepted. */
        NOT_PERMITTED,
        /** The org has no connected app with the API name asked for. */
        NOT_FOUND,
        /** No usable answer: Salesforce could not be reached, timed out, failed (5xx), or sent something unreadable. */
        UNREACHABLE
    }

    private final Kind kind;

    public AdminReadException(Kind kind, String message) {
        this(kind, message, null);
    }

    public AdminReadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
