package dev.sfbroker.wiring;

import dev.sfbroker.salesforce.OAuthClient;
import dev.sfbroker.salesforce.WebServerFlow;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.AuthorizationServer;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Onboarding;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.SalesforceHosts;
import dev.sfbroker.token.ServedTokenCache;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The ops function manages connections: register, revoke, renew now, onboard through the web server flow. */
@Factory
final class OpsFactory {

    @Singleton
    AuthorizationServer authorizationServer(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new WebServerFlow(credentials, oauth, clock);
    }

    @Singleton
    ConnectionOperations connectionOperations(ConnectionStore store, AuthorizationServer salesforce, Renewer renewer,
                                              AuditTrail audit, Clock clock, SalesforceHosts hosts, ServedTokenCache servedTokens) {
        return new ConnectionOperations(store, salesforce, renewer, audit, clock, hosts, servedTokens);
    }

    @Singleton
    Onboarding onboarding(ConnectionStore store, AuthorizationServer salesforce, RenewalPolicy renewal, Clock clock, AuditTrail audit,
                          ServedTokenCache servedTokens) {
        return new Onboarding(store, salesforce, renewal, clock, audit, servedTokens);
    }
}
