package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.sfbroker.salesforce.BoundedBody;
import dev.sfbroker.salesforce.NetworkFailure;
import java.time.Duration;

/**
 * The HTTP side of the admin reads: every call bounded by the request timeout, redirects never followed (a
 * redirect would carry the access token to wherever it points), bodies read up to a limit, and a call that got no
 * answer described in words.
 */
final class AdminHttp {
    /** Far above a page of 2,000 query rows or a connected app's metadata. */
    private static final int LONGEST_ANSWER = 4 * 1024 * 1024;
    private final HttpClient http;
    private final Duration requestTimeout;

    AdminHttp(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    /** A request to {@code path} on the instance, e.g. {@code https://acme.my.salesforce.com} and {@code /services/...}. */
    HttpRequest.Builder request(String instanceUrl, String path) {
        String base = instanceUrl.endsWith("/") ? instanceUrl.substring(0, instanceUrl.length() - 1) : instanceUrl;
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
    }

    HttpResponse<byte[]> send(HttpRequest request) throws AdminReadException {
        try {
            return http.send(request, BoundedBody.atMost(LONGEST_ANSWER));
        } catch (IOException e) {
            throw new AdminReadException(AdminReadException.Kind.UNREACHABLE,
                    "Salesforce at " + request.uri().getHost() + " did not answer: " + NetworkFailure.describe(e, requestTimeout) + "; try again later", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminReadException(AdminReadException.Kind.UNREACHABLE,
                    "interrupted while waiting for Salesforce at " + request.uri().getHost(), e);
        }
    }
}
