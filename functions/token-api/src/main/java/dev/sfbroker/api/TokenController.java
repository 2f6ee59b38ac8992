package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenSet;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /connections/{id}/token}: a valid access token and instance URL for a connection.
 * {@code POST /connections/{id}/token/rejected} with {@code {"fingerprint": "..."}}: Salesforce answered 401
 * {@code INVALID_SESSION_ID} to that token; the answer is a token to retry with.
 */
@Controller("/connections")
final class TokenController {
    private final TokenService tokens;
    private final CallerResolver callers;

    TokenController(TokenService tokens, CallerResolver callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @Get("/{id}/token")
    HttpResponse<TokenResponse> token(@PathVariable String id, HttpRequest<?> request) {
        return served(tokens.tokenFor(id, caller(request)));
    }

    @Post("/{id}/token/rejected")
    HttpResponse<TokenResponse> rejected(@PathVariable String id, @Body RejectedToken report, HttpRequest<?> request) {
        if (report.fingerprint() == null || report.fingerprint().isBlank()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST,
                    "Send the rejected token's fingerprint, as the broker served it: {\"fingerprint\": \"...\"}.");
        }
        return served(tokens.tokenRejected(id, caller(request), report.fingerprint()));
    }

    /** The fingerprint of the token Salesforce rejected, as the broker served it; never the token itself. */
    @Serdeable
    record RejectedToken(String fingerprint) {
    }

    private Caller caller(HttpRequest<?> request) {
        return callers.resolve(request).orElseThrow(UnauthenticatedException::new);
    }

    private static HttpResponse<TokenResponse> served(TokenSet token) {
        return HttpResponse.ok(TokenResponse.of(token)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
