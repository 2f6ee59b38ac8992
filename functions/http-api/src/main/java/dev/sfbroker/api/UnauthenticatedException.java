package dev.sfbroker.api;

/** The request carries no identity the broker can trust. */
final class UnauthenticatedException extends RuntimeException {
    UnauthenticatedException() {
        super("the request carries no IAM identity: call the API with SigV4-signed requests through API Gateway");
    }
}
