package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenSet;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import java.util.List;

/**
 * {@code GET /connections/{id}/token}: a valid access token and instance URL for a connection.
 * {@code POST /connections/{id}/token/rejected} with {@code {"fingerprint": "..."}}: Salesforce answered 401
 * {@code INVALID_SESSION_ID} to that token; the answer is a token to retry with.
 */
@Controller("/connections")
final class TokenController {
    private static final int FINGERPRINT_LENGTH = 16;

    private final TokenService tokens;
    private final CallerResolver callers;
    private final JsonMapper json;

    TokenController(TokenService tokens, CallerResolver callers, JsonMapper json) {
        this.tokens = tokens;
        this.callers = callers;
        this.json = json;
    }

    @Get("/{id}/token")
    HttpResponse<TokenResponse> token(@PathVariable String id, HttpRequest<?> request) {
        return served(tokens.tokenFor(id, caller(request)));
    }

    @Post("/{id}/token/rejected")
    HttpResponse<TokenResponse> rejected(@PathVariable String id, @Nullable @Body String body, HttpRequest<?> request) {
        Caller caller = caller(request);
        String fingerprint = JsonRequest.parse(body, json, List.of("fingerprint")).text("fingerprint", FINGERPRINT_LENGTH)
                .filter(sent -> sent.matches("[0-9a-f]{" + FINGERPRINT_LENGTH + "}"))
                .orElseThrow(() -> new InvalidRequestException("send the rejected token's fingerprint as the broker served it, "
                        + FINGERPRINT_LENGTH + " lower-case hex digits: {\"fingerprint\": \"3f1c0e9a7b2d4c85\"}"));
        return served(tokens.tokenRejected(id, caller, fingerprint));
    }

    private Caller caller(HttpRequest<?> request) {
        return callers.resolve(request).orElseThrow(UnauthenticatedException::new);
    }

    private static HttpResponse<TokenResponse> served(TokenSet token) {
        return HttpResponse.ok(TokenResponse.of(token)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
