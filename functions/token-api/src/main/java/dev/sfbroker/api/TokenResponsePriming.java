package dev.sfbroker.api;

import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import dev.sfbroker.wiring.Priming;
import io.micronaut.crac.OrderedResource;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.crac.Context;
import org.crac.Resource;

/** Primes the token route's answer: a token as JSON, the way a fetch serialises it. */
@Singleton
final class TokenResponsePriming implements OrderedResource {
    private final JsonMapper json;
    private final Clock clock;

    TokenResponsePriming(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Instant now = clock.instant();
        TokenSet token = new TokenSet(Secret.of("00D000000000001!priming"), "https://priming.my.salesforce.com", "Bearer", now,
                now.plus(Duration.ofHours(2)), now.plus(Duration.ofMinutes(110)));
        Priming.step("token response JSON", () -> json.writeValueAsBytes(TokenResponse.of(token)));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing unique to an instance
    }
}
