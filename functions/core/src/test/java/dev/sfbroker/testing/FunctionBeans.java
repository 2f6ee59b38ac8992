package dev.sfbroker.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.BeanDefinition;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's own beans in a function's application context, by type name. In Lambda every singleton is created
 * at start-up (and lands in the SnapStart snapshot), so this list is what a function builds and pays for.
 */
public final class FunctionBeans {
    /** Every function: the store, encryption, secrets, metrics and their settings and priming. */
    public static final Set<String> CORE = Set.of(
            "java.time.Clock",
            "dev.sfbroker.token.ConnectionStore",
            "dev.sfbroker.token.AuditTrail",
            "dev.sfbroker.observability.CloudWatchMetrics",
            "dev.sfbroker.encryption.TokenCipher",
            "dev.sfbroker.secrets.CredentialsSource",
            "dev.sfbroker.wiring.StoreProperties",
            "dev.sfbroker.wiring.AuditProperties",
            "dev.sfbroker.wiring.SalesforceHttpProperties",
            "dev.sfbroker.wiring.StorePriming",
            "dev.sfbroker.wiring.MetricsPriming",
            "dev.sfbroker.token.ServedTokenCache",
            "dev.sfbroker.wiring.TokenCacheProperties",
            "dev.sfbroker.wiring.DynamoDbCallTimeout");

    /** The functions that call Salesforce's token endpoint. */
    public static final Set<String> RENEWAL = Set.of(
            "dev.sfbroker.salesforce.OAuthClient",
            "dev.sfbroker.token.SalesforceHosts",
            "dev.sfbroker.token.TokenGrant",
            "dev.sfbroker.token.RenewalPolicy",
            "dev.sfbroker.token.Renewer",
            "dev.sfbroker.token.LoginBudget",
            "dev.sfbroker.wiring.LoginBudgetProperties",
            "dev.sfbroker.wiring.RenewalProperties",
            "dev.sfbroker.wiring.TokenLifetimeProperties",
            "dev.sfbroker.salesforce.OAuthPriming",
            "dev.sfbroker.wiring.LeaseHolderRenewal",
            "dev.sfbroker.token.ConnectionEvents",
            "dev.sfbroker.wiring.EventsProperties");

    /** The two HTTP functions (token API, ops): caller identity from API Gateway's IAM authoriser, JSON errors. */
    public static final Set<String> HTTP = Set.of(
            "dev.sfbroker.api.IamCallerResolver",
            "dev.sfbroker.api.ApiExceptionHandlers",
            "dev.sfbroker.api.JsonErrorResponses",
            "dev.sfbroker.api.HealthController");

    /** The functions that run the Connected App policy audit (ops, policy audit). */
    public static final Set<String> POLICY = Set.of(
            "dev.sfbroker.policy.PolicyAudit",
            "dev.sfbroker.policy.OrgAdminReader",
            "dev.sfbroker.policy.PolicyReports",
            "dev.sfbroker.wiring.PolicyProperties",
            "dev.sfbroker.salesforce.admin.AdminReaderPriming");

    private FunctionBeans() {
    }

    /** The type names of the broker's bean definitions (with the clock; without factories and the test class), sorted. */
    public static Set<String> of(ApplicationContext context) {
        Set<String> names = new TreeSet<>();
        for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
            String name = definition.getBeanType().getName();
            boolean brokers = name.startsWith("dev.sfbroker.") && !name.endsWith("Factory") && !name.endsWith("Test");
            if (brokers || name.equals("java.time.Clock")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The union of bean groups: what one function's context must hold, exactly. */
    @SafeVarargs
    public static Set<String> union(Set<String>... groups) {
        Set<String> all = new TreeSet<>();
        for (Set<String> group : groups) {
            all.addAll(group);
        }
        return all;
    }
}
