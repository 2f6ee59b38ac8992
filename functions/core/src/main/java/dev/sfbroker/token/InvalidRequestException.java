package dev.sfbroker.token;

/** An operation was asked for with input that cannot work; the message says what to send instead. */
public final class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
