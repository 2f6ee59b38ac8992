package dev.sfbroker.salesforce;

import dev.sfbroker.wiring.Priming;
import io.micronaut.crac.OrderedResource;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import org.crac.Context;
import org.crac.Resource;

/**
 * Primes the token endpoint's client without calling Salesforce: signs a JWT bearer assertion (nimbus, RSA) with a
 * throwaway key, reads a token response and an error as Salesforce sends them, and classifies the error.
 */
@Singleton
final class OAuthPriming implements OrderedResource {
    private static final String TOKEN_RESPONSE = """
            {"access_token":"00D000000000001!priming","instance_url":"https://priming.my.salesforce.com",
             "id":"https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA","token_type":"Bearer",
             "issued_at":"1700000000000","signature":"priming"}""";
    private static final String ERROR_RESPONSE = "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}";

    private final JsonMapper json;
    private final Clock clock;

    OAuthPriming(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.step("JWT bearer assertion", () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            JwtAssertion.sign("priming", "priming@example.invalid", "https://login.salesforce.com",
                    generator.generateKeyPair().getPrivate(), clock.instant());
        });
        Priming.step("token endpoint responses", () -> {
            json.readValue(TOKEN_RESPONSE.getBytes(StandardCharsets.UTF_8), TokenEndpointResponse.class);
            TokenEndpointResponse error = json.readValue(ERROR_RESPONSE.getBytes(StandardCharsets.UTF_8), TokenEndpointResponse.class);
            ErrorCatalog.classify(GrantType.JWT_BEARER, error.error(), error.errorDescription(), clock.instant());
        });
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // the HTTP client's connections are not kept across a snapshot by the JDK client's pool in a way that matters:
        // a stale one fails and is replaced, and Salesforce is never called during priming anyway
    }
}
