package dev.sfbroker.wiring;

import dev.sfbroker.salesforce.OAuthClient;
import dev.sfbroker.salesforce.SecretAppDetails;
import dev.sfbroker.salesforce.WebServerFlow;
import dev.sfbroker.salesforce.admin.OauthTokenApprovals;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.store.DynamoDbPendingApprovals;
import dev.sfbroker.token.ApprovalLimit;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionEvents;
import dev.sfbroker.token.AuthorizationServer;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Onboarding;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.SalesforceHosts;
import dev.sfbroker.token.ServedTokenCache;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The ops function manages connections: register, revoke, renew now, onboard through the web server flow. */
@Factory
final class OpsFactory {

    @Singleton
    AuthorizationServer authorizationServer(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new WebServerFlow(credentials, oauth, clock);
    }

    @Singleton
    ConnectionOperations connectionOperations(ConnectionStore store, AuthorizationServer salesforce, Renewer renewer,
                                              AuditTrail audit, Clock clock, SalesforceHosts hosts, RenewalEvents metrics, OpsProperties ops,
                                              ConnectionEvents stateChanges, ApprovalLimit approvals,
                                              ServedTokenCache servedTokens, Onboarding onboarding) {
        return new ConnectionOperations(store, salesforce, renewer, audit, clock, hosts, metrics, ops.principals(), stateChanges, approvals,
                servedTokens, onboarding);
    }

    @Singleton
    Onboarding onboarding(ConnectionStore store, AuthorizationServer salesforce, RenewalPolicy renewal, Clock clock, AuditTrail audit,
                          ConnectionEvents stateChanges, ApprovalLimit approvals, ServedTokenCache servedTokens, DynamoDbClient dynamo,
                          StoreProperties tables) {
        return new Onboarding(store, salesforce, renewal, clock, audit, stateChanges, approvals, servedTokens,
                new DynamoDbPendingApprovals(dynamo, tables.connectionsTable()));
    }

    @Singleton
    ApprovalLimit approvalLimit(SalesforceHttpProperties http, JsonMapper json, CredentialsSource credentials, Clock clock) {
        return new ApprovalLimit(new OauthTokenApprovals(http.connectTimeout(), http.requestTimeout(), json,
                new SecretAppDetails(credentials)), clock);
    }
}
