package dev.sfbroker.wiring;

import dev.sfbroker.salesforce.JwtBearerGrant;
import dev.sfbroker.salesforce.OAuthClient;
import dev.sfbroker.salesforce.RefreshTokenGrant;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.store.DynamoDbLoginBudgetLedger;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionEvents;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.LoginBudget;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.SalesforceHosts;
import dev.sfbroker.token.TokenGrant;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Single-flight renewal: the Salesforce OAuth client, one grant per flow, and the renewer that holds the lease. */
@Factory
final class RenewalFactory {

    @Singleton
    SalesforceHosts salesforceHosts(SalesforceHttpProperties http) {
        return new SalesforceHosts(http.extraHosts());
    }

    @Singleton
    OAuthClient oauthClient(SalesforceHttpProperties http, SalesforceHosts hosts, JsonMapper json, Clock clock) {
        return new OAuthClient(http.connectTimeout(), http.requestTimeout(), hosts, json, clock);
    }

    @Singleton
    TokenGrant jwtBearerGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new JwtBearerGrant(credentials, oauth, clock);
    }

    @Singleton
    TokenGrant refreshTokenGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new RefreshTokenGrant(credentials, oauth, clock);
    }

    /**
     * The lease must outlive the longest renewal (a token call and the write that stores its answer), or a slow one
     * could outlive its lease and a second instance renew the same grant; the function timeout in template.yaml is
     * shorter than the lease for the same reason.
     */
    @Singleton
    RenewalPolicy renewalPolicy(TokenLifetimeProperties token, RenewalProperties renewal, SalesforceHttpProperties http,
                                StoreProperties store) {
        Duration longestRenewal = http.longestCall().plus(store.callTimeout());
        if (renewal.lease().compareTo(longestRenewal.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("broker.renewal.lease (" + renewal.lease() + ") must be at least twice the longest"
                    + " renewal: a token call (broker.salesforce.connect-timeout + request-timeout = " + http.longestCall()
                    + ") and the write that stores it (broker.store.call-timeout = " + store.callTimeout() + ")");
        }
        return new RenewalPolicy(token.defaultSessionTimeout(), token.renewBefore(), renewal.lease(), renewal.retryAfterFailure());
    }

    /** Counted in the connections table, which every renewal needs anyway. */
    @Singleton
    LoginBudget loginBudget(DynamoDbClient dynamo, StoreProperties store, LoginBudgetProperties budget, Clock clock, RenewalEvents events) {
        return new LoginBudget(new DynamoDbLoginBudgetLedger(dynamo, store.connectionsTable()), budget.perHour(), clock, events);
    }

    @Singleton
    Renewer renewer(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy policy, Clock clock, RenewalEvents events,
                    AuditTrail audit, LoginBudget budget, ConnectionEvents stateChanges) {
        return new Renewer(store, grants, policy, clock, events, audit, budget, stateChanges);
    }
}
