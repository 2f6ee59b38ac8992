package dev.sfbroker.wiring;

import dev.sfbroker.encryption.KmsTokenCipher;
import dev.sfbroker.encryption.LocalTokenCipher;
import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.observability.EmbeddedMetrics;
import dev.sfbroker.policy.OrgAdminReader;
import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.policy.PolicyReports;
import dev.sfbroker.salesforce.JwtBearerGrant;
import dev.sfbroker.salesforce.SecretAppDetails;
import dev.sfbroker.salesforce.admin.SalesforceOrgAdminReader;
import dev.sfbroker.salesforce.RefreshTokenGrant;
import dev.sfbroker.salesforce.WebServerFlow;
import dev.sfbroker.salesforce.OAuthClient;
import dev.sfbroker.secrets.CredentialsSource;
import dev.sfbroker.secrets.LocalFileCredentialsSource;
import dev.sfbroker.secrets.SecretsManagerCredentialsSource;
import dev.sfbroker.store.DynamoDbAuditTrail;
import dev.sfbroker.store.DynamoDbPolicyReports;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.AuthorizationServer;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Onboarding;
import dev.sfbroker.token.OrgBackoff;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.Renewer;
import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.token.TokenGrant;
import dev.sfbroker.token.TokenService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the broker from configuration. Encryption, secrets and identity have no defaults: a function
 * deployed without them fails at start-up instead of running with local keys.
 */
@Factory
final class BrokerFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    TokenService tokenService(ConnectionStore store, Renewer renewer, Clock clock,
                              @Value("${broker.renewal.max-wait}") Duration maxWait, AuditTrail audit) {
        return new TokenService(store, renewer, clock, maxWait, audit);
    }

    @Singleton
    ConnectionOperations connectionOperations(ConnectionStore store, AuthorizationServer salesforce, Renewer renewer,
                                              AuditTrail audit, Clock clock) {
        return new ConnectionOperations(store, salesforce, renewer, audit, clock);
    }

    @Singleton
    Renewer renewer(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy renewal, Clock clock, RenewalEvents events,
                    AuditTrail audit) {
        return new Renewer(store, grants, renewal, clock, events, audit);
    }

    @Singleton
    AuditTrail auditTrail(DynamoDbClient dynamo, @Value("${broker.store.audit-table}") String table,
                          @Value("${broker.audit.retention}") Duration retention) {
        return new DynamoDbAuditTrail(dynamo, table, retention);
    }

    @Singleton
    PolicyAudit policyAudit(ConnectionStore store, OrgAdminReader reader, CredentialsSource credentials, PolicyReports reports,
                            AuditTrail audit, RenewalEvents metrics, Clock clock,
                            @Value("${broker.policy.renewal-interval}") Duration renewalInterval,
                            @Value("${broker.policy.stale-after}") Duration staleAfter) {
        return new PolicyAudit(store, reader, new SecretAppDetails(credentials), reports, audit, metrics, clock, renewalInterval, staleAfter);
    }

    @Singleton
    OrgAdminReader orgAdminReader(@Value("${broker.salesforce.connect-timeout}") Duration connectTimeout,
                                  @Value("${broker.salesforce.request-timeout}") Duration requestTimeout, JsonMapper json) {
        return new SalesforceOrgAdminReader(connectTimeout, requestTimeout, json);
    }

    @Singleton
    PolicyReports policyReports(DynamoDbClient dynamo, @Value("${broker.store.audit-table}") String table,
                                @Value("${broker.audit.retention}") Duration retention, JsonMapper json) {
        return new DynamoDbPolicyReports(dynamo, table, retention, json);
    }

    @Singleton
    RenewalEvents renewalEvents(JsonMapper json, Clock clock) {
        return new EmbeddedMetrics(json, clock);
    }

    @Singleton
    ScheduledRenewal scheduledRenewal(ConnectionStore store, Renewer renewer, Clock clock,
                                      @Value("${broker.schedule.concurrency}") int concurrency,
                                      @Value("${broker.schedule.org-backoff.first-pause}") Duration firstPause,
                                      @Value("${broker.schedule.org-backoff.max-pause}") Duration maxPause,
                                      @Value("${broker.schedule.org-backoff.max-failures}") int maxFailures) {
        return new ScheduledRenewal(store, renewer, clock, concurrency, new OrgBackoff.Settings(firstPause, maxPause, maxFailures));
    }

    /**
     * The lease must outlive the longest token call, or a slow call could outlive its lease and a second instance
     * renew the same grant; the function timeout in template.yaml is shorter than the lease for the same reason.
     */
    @Singleton
    RenewalPolicy renewalPolicy(@Value("${broker.token.default-session-timeout}") Duration defaultSessionTimeout,
                                @Value("${broker.token.renew-before}") Duration renewBefore,
                                @Value("${broker.renewal.lease}") Duration lease,
                                @Value("${broker.renewal.retry-after-failure}") Duration retryAfterFailure,
                                @Value("${broker.salesforce.connect-timeout}") Duration connectTimeout,
                                @Value("${broker.salesforce.request-timeout}") Duration requestTimeout) {
        Duration longestTokenCall = connectTimeout.plus(requestTimeout);
        if (lease.compareTo(longestTokenCall.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("broker.renewal.lease (" + lease + ") must be at least twice the longest token call"
                    + " (connect-timeout + request-timeout = " + longestTokenCall + ")");
        }
        return new RenewalPolicy(defaultSessionTimeout, renewBefore, lease, retryAfterFailure);
    }

    @Singleton
    OAuthClient oauthClient(@Value("${broker.salesforce.connect-timeout}") Duration connectTimeout,
                                            @Value("${broker.salesforce.request-timeout}") Duration requestTimeout,
                                            JsonMapper json, Clock clock) {
        return new OAuthClient(connectTimeout, requestTimeout, json, clock);
    }

    @Singleton
    TokenGrant jwtBearerGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new JwtBearerGrant(credentials, oauth, clock);
    }

    @Singleton
    Onboarding onboarding(ConnectionStore store, AuthorizationServer salesforce, RenewalPolicy renewal, Clock clock, AuditTrail audit) {
        return new Onboarding(store, salesforce, renewal, clock, audit);
    }

    @Singleton
    AuthorizationServer authorizationServer(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new WebServerFlow(credentials, oauth, clock);
    }

    @Singleton
    TokenGrant refreshTokenGrant(CredentialsSource credentials, OAuthClient oauth, Clock clock) {
        return new RefreshTokenGrant(credentials, oauth, clock);
    }

    @Singleton
    ConnectionStore connectionStore(DynamoDbClient dynamo, @Value("${broker.store.connections-table}") String table,
                                    TokenCipher cipher, JsonMapper json, Clock clock) {
        return new DynamoDbConnectionStore(dynamo, table, cipher, json, clock);
    }

    /**
     * micronaut-aws-sdk-v2 builds clients for DynamoDB and Secrets Manager but not for KMS; this one is built the
     * same way, from its HTTP client (URLConnection), credentials and region, honouring
     * {@code aws.services.kms.endpoint-override} like the others.
     */
    @Singleton
    @Requires(property = "broker.encryption.mode", value = "kms")
    KmsClient kmsClient(SdkHttpClient httpClient, AwsCredentialsProvider credentials, AwsRegionProvider region,
                        @Nullable @Value("${aws.services.kms.endpoint-override}") String endpointOverride) {
        var builder = KmsClient.builder().httpClient(httpClient).credentialsProvider(credentials).region(region.getRegion());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return builder.build();
    }

    @Singleton
    @Requires(property = "broker.encryption.mode", value = "kms")
    TokenCipher kmsTokenCipher(KmsClient kms, @Value("${broker.encryption.kms-key-id}") String keyId) {
        return new KmsTokenCipher(kms, keyId);
    }

    @Singleton
    @Requires(property = "broker.encryption.mode", value = "local")
    TokenCipher localTokenCipher(@Value("${broker.encryption.local-key}") String base64Key) {
        return new LocalTokenCipher(base64Key);
    }

    @Singleton
    @Requires(property = "broker.secrets.source", value = "secrets-manager")
    CredentialsSource secretsManagerCredentials(SecretsManagerClient secretsManager, JsonMapper json) {
        return new SecretsManagerCredentialsSource(secretsManager, json);
    }

    @Singleton
    @Requires(property = "broker.secrets.source", value = "local")
    CredentialsSource localCredentials(@Value("${broker.secrets.local-dir}") Path directory, JsonMapper json) {
        return new LocalFileCredentialsSource(directory, json);
    }
}
