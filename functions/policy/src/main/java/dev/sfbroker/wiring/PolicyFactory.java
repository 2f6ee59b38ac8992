package dev.sfbroker.wiring;

import dev.sfbroker.policy.OrgAdminReader;
import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.policy.PolicyReports;
import dev.sfbroker.salesforce.SecretAppDetails;
import dev.sfbroker.salesforce.admin.SalesforceOrgAdminReader;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.store.DynamoDbPolicyReports;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.RenewalEvents;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The policy audit: the org admin readers, the rules, and the stored reports. */
@Factory
final class PolicyFactory {

    @Singleton
    PolicyAudit policyAudit(ConnectionStore store, OrgAdminReader reader, CredentialsSource credentials, PolicyReports reports,
                            AuditTrail audit, RenewalEvents metrics, Clock clock, PolicyProperties policy) {
        return new PolicyAudit(store, reader, new SecretAppDetails(credentials), reports, audit, metrics, clock,
                policy.renewalInterval(), policy.staleAfter());
    }

    @Singleton
    OrgAdminReader orgAdminReader(SalesforceHttpProperties http, JsonMapper json) {
        return new SalesforceOrgAdminReader(http.connectTimeout(), http.requestTimeout(), json);
    }

    @Singleton
    PolicyReports policyReports(DynamoDbClient dynamo, StoreProperties store, AuditProperties audit, JsonMapper json) {
        return new DynamoDbPolicyReports(dynamo, store.auditTable(), audit.retention(), json);
    }
}
