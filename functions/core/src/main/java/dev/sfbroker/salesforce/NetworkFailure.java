package dev.sfbroker.salesforce;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** A call to Salesforce that got no answer, in words a person can act on (never an exception's class name). */
public final class NetworkFailure {
    private NetworkFailure() {
    }

    public static String describe(IOException e, Duration requestTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within the connect timeout";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "host name not found";
        }
        if (e instanceof SSLException) {
            return "TLS handshake failed";
        }
        if (e instanceof BoundedBody.TooLarge) {
            return e.getMessage();
        }
        return "the connection dropped";
    }

    /** True when the request cannot have reached Salesforce: the connection was never made. */
    public static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException || e instanceof UnknownHostException
                || e instanceof SSLException;
    }
}
