package dev.sfbroker.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import dev.sfbroker.wiring.Priming;
import io.micronaut.context.BeanProvider;
import io.micronaut.crac.OrderedResource;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventHandler;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * Primes the token route: a token as JSON, the way a fetch serialises it, and one unsigned request for the token
 * route through API Gateway's handler (event to request, routing, the controller, the caller check, the error
 * handler, the JSON error, the response event). An unsigned request stops at the caller check with 401, before the
 * token service: nothing is read, written, audited or counted.
 */
@Singleton
final class TokenRoutePriming implements OrderedResource {
    static final String UNSIGNED_PATH = "/connections/priming-none/token";

    private final JsonMapper json;
    private final Clock clock;
    private final BeanProvider<APIGatewayV2HTTPEventHandler> apiGateway;

    TokenRoutePriming(JsonMapper json, Clock clock, BeanProvider<APIGatewayV2HTTPEventHandler> apiGateway) {
        this.json = json;
        this.clock = clock;
        this.apiGateway = apiGateway;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Instant now = clock.instant();
        TokenSet token = new TokenSet(Secret.of("00D000000000001!priming"), "https://priming.my.salesforce.com", "Bearer", now,
                now.plus(Duration.ofHours(2)), now.plus(Duration.ofMinutes(110)));
        Priming.step("token response JSON", () -> json.writeValueAsBytes(TokenResponse.of(token)));
        Priming.step("token route", () -> {
            APIGatewayV2HTTPResponse answer = apiGateway.get().exchange(unsignedTokenRequest(), new APIGatewayV2HTTPResponse())
                    .getResponse().getNativeResponse();
            if (answer.getStatusCode() != HttpStatus.UNAUTHORIZED.getCode()) {
                throw new IllegalStateException("an unsigned token request answered " + answer.getStatusCode() + ", not 401");
            }
        });
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing unique to an instance
    }

    /** A token request as API Gateway's HTTP API hands it over, without the IAM caller a SigV4 signature gives it. */
    private static APIGatewayV2HTTPEvent unsignedTokenRequest() {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /connections/{id}/token")
                .withRawPath(UNSIGNED_PATH)
                .withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json"))
                .withPathParameters(Map.of("id", "priming-none"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("GET /connections/{id}/token")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath(UNSIGNED_PATH).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }
}
