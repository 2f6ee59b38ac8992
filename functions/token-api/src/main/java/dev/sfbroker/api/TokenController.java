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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * {@code GET /connections/{id}/token}: a valid access token and instance URL for a connection.
 * {@code POST /connections/{id}/token/rejected} with {@code {"fingerprint": "..."}}: Salesforce answered 401
 * {@code INVALID_SESSION_ID} to that token; the answer is a token to retry with.
 */
@Controller("/connections")
@Tag(name = "token", description = "For integration code: the connection must list the caller among its allowed principals.")
@SecurityRequirement(name = ApiContract.SIGV4)
@DocumentedErrors.Common
@DocumentedErrors.RateLimited
@ApiResponse(responseCode = "403", description = "caller_not_allowed: the caller is not among the connection's allowed principals",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
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
    @Operation(summary = "A valid access token for a connection",
            description = "Served from the store while valid; renewed under the connection's lease otherwise. Cache-Control: no-store.")
    @ApiResponse(responseCode = "200", description = "A token to call Salesforce with.")
    HttpResponse<TokenResponse> token(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        return served(tokens.tokenFor(id, caller(request)));
    }

    @Post("/{id}/token/rejected")
    @Operation(summary = "Report a token Salesforce rejected (401 INVALID_SESSION_ID), and get one to retry with",
            description = "The broker renews once however many callers report the same token; a report about a token it has"
                    + " already replaced answers the current token without calling Salesforce.")
    @ApiResponse(responseCode = "200", description = "The token to retry with.")
    @DocumentedErrors.WithBody
    HttpResponse<TokenResponse> rejected(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id,
                                         @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RejectedToken.class)))
                                         @Nullable @Body String body, HttpRequest<?> request) {
        Caller caller = caller(request);
        String fingerprint = JsonRequest.parse(body, json, List.of("fingerprint")).text("fingerprint", FINGERPRINT_LENGTH)
                .filter(sent -> sent.matches("[0-9a-f]{" + FINGERPRINT_LENGTH + "}"))
                .orElseThrow(() -> new InvalidRequestException("send the rejected token's fingerprint as the broker served it, "
                        + FINGERPRINT_LENGTH + " lower-case hex digits: {\"fingerprint\": \"3f1c0e9a7b2d4c85\"}"));
        return served(tokens.tokenRejected(id, caller, fingerprint));
    }

    /** The body of a rejected-token report, as documented; the controller reads it strictly. */
    @Schema(name = "RejectedToken", requiredProperties = "fingerprint", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record RejectedToken(@Schema(description = "The rejected token's fingerprint, as the broker served it.", pattern = "^[0-9a-f]{16}$",
            example = "3f1c0e9a7b2d4c85") String fingerprint) {
    }

    private Caller caller(HttpRequest<?> request) {
        return callers.resolve(request).orElseThrow(UnauthenticatedException::new);
    }

    private static HttpResponse<TokenResponse> served(TokenSet token) {
        return HttpResponse.ok(TokenResponse.of(token)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
