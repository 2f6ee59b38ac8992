package dev.sfbroker.wiring;

import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.ServedTokenCache;
import dev.sfbroker.token.TokenService;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The token function serves tokens: the token service over the shared renewer. */
@Factory
final class TokenApiFactory {

    @Singleton
    TokenService tokenService(ConnectionStore store, Renewer renewer, Clock clock, RenewalProperties renewal, ServedTokenCache servedTokens,
                              AuditTrail audit, RenewalEvents events) {
        return new TokenService(store, renewer, clock, renewal.maxWait(), servedTokens, audit, events);
    }
}
