package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import dev.sfbroker.token.TokenService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** {@code GET /connections/{id}/token}: a valid access token and instance URL for a connection. */
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
        Caller caller = callers.resolve(request).orElseThrow(UnauthenticatedException::new);
        return HttpResponse.ok(TokenResponse.of(tokens.tokenFor(id, caller)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
