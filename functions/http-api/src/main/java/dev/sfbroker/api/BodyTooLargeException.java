package dev.sfbroker.api;

/** A request body over the broker's limit; refused before it is parsed. */
public final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException(int maxBytes) {
        super("the body is larger than " + maxBytes / 1024 + " KiB, the most any route accepts; send only the fields the route"
                + " documents (a role ARN matches all its sessions: list roles, not sessions)");
    }
}
