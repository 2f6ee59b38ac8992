package dev.sfbroker.template;

import static dev.sfbroker.store.DynamoDbConnectionStore.ALLOWED_PRINCIPALS;
import static dev.sfbroker.store.DynamoDbConnectionStore.AUDIENCE;
import static dev.sfbroker.store.DynamoDbConnectionStore.CREDENTIALS_REF;
import static dev.sfbroker.store.DynamoDbConnectionStore.FLOW;
import static dev.sfbroker.store.DynamoDbConnectionStore.LOGIN_URL;
import static dev.sfbroker.store.DynamoDbConnectionStore.USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.store.ConnectionsTable;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.store.DynamoDbLoginBudgetLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} as deployed: who may use the token key, what the roles that do not manage connections may
 * write, and the limits on the API and the token function. The attribute names come from the DynamoDB adapter, so
 * renaming one there without the template fails here.
 */
class TemplateTest {
    private static final Template TEMPLATE = Template.load();
    /** Every use of a KMS key (cryptographic operations, and grants, which hand them out). */
    private static final List<String> KEY_USE = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
            "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair",
            "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateMac", "kms:VerifyMac", "kms:Sign", "kms:Verify",
            "kms:DeriveSharedSecret", "kms:CreateGrant");
    private static final Set<String> OPS_FUNCTIONS = Set.of("OpsApiFunction", "OpsInvokeFunction");
    /** Who may fetch a token and where and as whom the broker logs in. */
    private static final Set<String> DEFINITION = Set.of(ALLOWED_PRINCIPALS, LOGIN_URL, AUDIENCE, USERNAME, CREDENTIALS_REF, FLOW);
    /** What a renewal writes (DynamoDbConnectionStore: acquireLease, completeRenewal, releaseLease, block). */
    private static final Set<String> RENEWAL_WRITES = Set.of(ConnectionsTable.KEY, DynamoDbConnectionStore.VERSION, DynamoDbConnectionStore.LEASE_OWNER,
            DynamoDbConnectionStore.LEASE_UNTIL, DynamoDbConnectionStore.RETRY_AFTER, DynamoDbConnectionStore.OUTCOME_UNKNOWN,
            DynamoDbConnectionStore.TOKEN, DynamoDbConnectionStore.TOKEN_EXPIRES_AT, ConnectionsTable.RENEW_AT, ConnectionsTable.RENEWAL_SHARD,
            DynamoDbConnectionStore.STATE, DynamoDbConnectionStore.FAILURE_CLASS, DynamoDbConnectionStore.FAILURE_CAUSE,
            DynamoDbConnectionStore.FAILURE_FIX, DynamoDbConnectionStore.FAILURE_AT, DynamoDbConnectionStore.FAILURE_ERROR,
            DynamoDbConnectionStore.FAILURE_DESCRIPTION, DynamoDbLoginBudgetLedger.USED, DynamoDbLoginBudgetLedger.PAUSED_UNTIL,
            ConnectionsTable.EXPIRES_AT);
    /** What the policy audit writes (DynamoDbConnectionStore.updateSessionTimeout). */
    private static final Set<String> SESSION_TIMEOUT_WRITES = Set.of(ConnectionsTable.KEY, DynamoDbConnectionStore.VERSION,
            DynamoDbConnectionStore.SESSION_TIMEOUT, DynamoDbConnectionStore.SESSION_TIMEOUT_SOURCE);

    @Test
    void onlyTheFunctionsRolesUseTheKeyAndOnlyForTheirOwnPurposes() {
        Set<Object> functionRoles = functionRoles().values().stream().map(TemplateTest::roleArn).collect(Collectors.toSet());
        assertThat(functionRoles).hasSize(5);

        for (Map<String, Object> statement : keyPolicy()) {
            List<String> actions = Template.strings(statement.get("Action"));
            assertThat(actions).as("no kms:* in the key policy").noneMatch(action -> action.equals("kms:*") || action.equals("*"));
            if (!usesTheKey(actions)) {
                continue;
            }
            Map<String, Object> condition = map(statement.get("Condition"));
            String sid = (String) statement.get("Sid");
            if (condition.containsKey("ArnEquals")) {
                assertThat(Set.copyOf(list(map(condition.get("ArnEquals")).get("aws:PrincipalArn"))))
                        .as(sid + ": the functions' roles, all of them and nobody else").isEqualTo(functionRoles);
                if (!map(condition.get("StringEquals")).containsKey("kms:ViaService")) {
                    assertThat(map(condition.get("Null"))).as(sid + ": direct use only with a connection's encryption context")
                            .containsEntry("kms:EncryptionContext:connection", "false");
                }
            } else if (actions.contains("kms:CreateGrant")) {
                assertThat(actions).as(sid).containsExactlyInAnyOrder("kms:CreateGrant", "kms:DescribeKey");
                assertThat(map(condition.get("Bool"))).as(sid + ": grants only for DynamoDB's own use")
                        .containsEntry("kms:GrantIsForAWSResource", "true");
                assertThat(viaService(condition)).startsWith("dynamodb.");
            } else {
                assertThat(actions).as(sid + ": writing connected-app secrets, nothing else").containsExactlyInAnyOrder(
                        "kms:GenerateDataKey", "kms:Decrypt");
                assertThat(viaService(condition)).as(sid).startsWith("secretsmanager.");
                assertThat(String.valueOf(map(map(condition.get("StringLike")).get("kms:EncryptionContext:SecretARN")).get("Fn::Sub")))
                        .as(sid).endsWith(":secret:${ConnectedAppSecretPrefix}/*");
            }
        }
    }

    @Test
    void keyAdministrationIsASeparateStatementWithoutAnyUse() {
        Map<String, Object> administration = keyPolicy().stream().filter(s -> "AdministerWithoutUse".equals(s.get("Sid")))
                .findFirst().orElseThrow();
        List<String> actions = Template.strings(administration.get("Action"));

        assertThat(actions).contains("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation");
        assertThat(usesTheKey(actions)).as("administration grants no use of the key: " + actions).isFalse();
        assertThat(administration).doesNotContainKey("Condition");
    }

    @Test
    void rolesThatDoNotManageConnectionsCannotWriteTheirDefinition() {
        Map<String, String> roles = functionRoles();
        Set<String> opsRoles = OPS_FUNCTIONS.stream().map(roles::get).collect(Collectors.toSet());
        Set<String> nonOps = new TreeSet<>();
        roles.values().stream().filter(role -> !opsRoles.contains(role)).forEach(role -> {
            nonOps.add(role);
            for (Map<String, Object> statement : TEMPLATE.statementsOf(role)) {
                List<String> writes = Template.strings(statement.get("Action")).stream().filter(TemplateTest::writesItems).toList();
                if (!writes.isEmpty() && onConnectionsTable(statement)) {
                    assertThat(writes).as(role + " writes connections only by UpdateItem").containsOnly("dynamodb:UpdateItem");
                    assertThat(Template.strings(map(map(statement.get("Condition")).get("ForAllValues:StringEquals")).get("dynamodb:Attributes")))
                            .as(role + ": an UpdateItem limited to named attributes").isNotEmpty();
                }
            }
        });

        assertThat(nonOps).containsExactlyInAnyOrder("TokenFunctionRole", "ScheduledRefreshFunctionRole", "RefreshWorkerFunctionRole",
                "PolicyAuditFunctionRole");
        nonOps.forEach(role -> assertThat(TEMPLATE.updatableAttributes(role)).as(role).doesNotContainAnyElementsOf(DEFINITION));
        assertThat(TEMPLATE.updatableAttributes("TokenFunctionRole")).isEqualTo(RENEWAL_WRITES);
        assertThat(TEMPLATE.updatableAttributes("ScheduledRefreshFunctionRole")).isEqualTo(RENEWAL_WRITES);
        assertThat(TEMPLATE.updatableAttributes("RefreshWorkerFunctionRole")).isEqualTo(RENEWAL_WRITES);
        assertThat(TEMPLATE.updatableAttributes("PolicyAuditFunctionRole")).isEqualTo(SESSION_TIMEOUT_WRITES);
    }

    @Test
    void theApiIsThrottledAndTheOAuthCallbackFarMore() {
        Map<String, Object> api = TEMPLATE.properties("TokenApi");
        Map<String, Object> stage = map(api.get("DefaultRouteSettings"));
        Map<String, Object> callback = map(map(api.get("RouteSettings")).get("GET /oauth/callback"));

        double stageRate = TEMPLATE.parameterDefault(stage.get("ThrottlingRateLimit"));
        double stageBurst = TEMPLATE.parameterDefault(stage.get("ThrottlingBurstLimit"));
        double callbackRate = TEMPLATE.parameterDefault(callback.get("ThrottlingRateLimit"));
        double callbackBurst = TEMPLATE.parameterDefault(callback.get("ThrottlingBurstLimit"));
        assertThat(stageRate).isPositive();
        assertThat(stageBurst).isGreaterThanOrEqualTo(stageRate);
        assertThat(callbackRate).isPositive().isLessThan(stageRate);
        assertThat(callbackBurst).isPositive().isLessThan(stageBurst);
        Map<String, Object> route = map(map(map(TEMPLATE.properties("OpsApiFunction").get("Events")).get("AuthorizationCallback"))
                .get("Properties"));
        assertThat(route.get("Method") + " " + route.get("Path")).as("the throttled route is the callback's").isEqualTo("GET /oauth/callback");
    }

    @Test
    void theTokenFunctionHasReservedConcurrency() {
        List<Object> reserved = list(map(TEMPLATE.properties("TokenFunction").get("ReservedConcurrentExecutions")).get("Fn::If"));

        assertThat(reserved.get(0)).isEqualTo("HasTokenFunctionReservedConcurrency");
        assertThat(TEMPLATE.parameterDefault(reserved.get(1))).isGreaterThanOrEqualTo(10);
    }

    /** The scheduled renewal reads its due connections in batches (findEach) and writes its audit events in batches. */
    @Test
    void theRolesThatRunScheduledRenewalsMayReadAndAuditInBatches() {
        for (String role : List.of("ScheduledRefreshFunctionRole", "RefreshWorkerFunctionRole")) {
            assertThat(actionsOn(role, "ConnectionsTable")).as(role).contains("dynamodb:BatchGetItem");
            assertThat(actionsOn(role, "AuditTable")).as(role).contains("dynamodb:BatchWriteItem");
        }
    }

    private static List<String> actionsOn(String role, String table) {
        return TEMPLATE.statementsOf(role).stream()
                .filter(statement -> String.valueOf(statement.get("Resource")).contains(table))
                .flatMap(statement -> Template.strings(statement.get("Action")).stream())
                .toList();
    }

    @Test
    void aChangeOfAllowedPrincipalsRaisesAnAlarmOnTheAlarmTopic() {
        assertThat(alarmedFunctions("AllowedPrincipalsChangedAlarm", "AllowedPrincipalsChanged")).containsExactlyInAnyOrderElementsOf(OPS_FUNCTIONS);
    }

    @Test
    void aUsedUpLoginBudgetRaisesAnAlarmForEveryFunctionThatRenews() {
        assertThat(alarmedFunctions("LoginBudgetExhaustedAlarm", "LoginBudgetExhausted"))
                .containsExactlyInAnyOrder("TokenFunction", "ScheduledRefreshFunction", "RefreshWorkerFunction", "OpsApiFunction",
                        "OpsInvokeFunction");
    }

    /**
     * The functions whose {@code metric} the alarm adds up, after checking that it notifies the alarm topic and that
     * its description says what to do first.
     */
    private static List<String> alarmedFunctions(String alarmResource, String metricName) {
        Map<String, Object> alarm = TEMPLATE.properties(alarmResource);
        List<String> functions = new ArrayList<>();
        for (Object query : list(alarm.get("Metrics"))) {
            Map<String, Object> stat = map(map(query).get("MetricStat"));
            if (!stat.isEmpty()) {
                Map<String, Object> metric = map(stat.get("Metric"));
                assertThat(metric).containsEntry("Namespace", "TokenBroker").containsEntry("MetricName", metricName);
                functions.add(String.valueOf(map(map(list(metric.get("Dimensions")).getFirst()).get("Value")).get("Ref")));
            }
        }
        assertThat(list(alarm.get("AlarmActions"))).containsExactly(Map.of("Ref", "AlarmTopic"));
        assertThat(list(alarm.get("OKActions"))).containsExactly(Map.of("Ref", "AlarmTopic"));
        assertThat((String) alarm.get("AlarmDescription")).contains("First:");
        return functions;
    }

    /** Function resource name to the logical name of its role. */
    private static Map<String, String> functionRoles() {
        Map<String, String> roles = new LinkedHashMap<>();
        TEMPLATE.resourcesOfType("AWS::Serverless::Function").forEach(function ->
                roles.put(function, TEMPLATE.roleOf(function)));
        return roles;
    }

    /** The role's ARN as the key policy spells it, from its fixed name. */
    private static Object roleArn(String role) {
        String name = String.valueOf(map(TEMPLATE.properties(role).get("RoleName")).get("Fn::Sub"));
        return Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + name);
    }

    private static List<Map<String, Object>> keyPolicy() {
        return list(map(TEMPLATE.properties("TokenKey").get("KeyPolicy")).get("Statement")).stream().map(TemplateTest::map).toList();
    }

    private static boolean usesTheKey(List<String> actions) {
        return actions.stream().anyMatch(action -> KEY_USE.stream().anyMatch(use -> matches(action, use)));
    }

    private static boolean writesItems(String action) {
        return List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLInsert",
                "dynamodb:PartiQLUpdate").stream().anyMatch(write -> matches(action, write));
    }

    /** IAM's action match: case-insensitive, with {@code *} and {@code ?} wildcards. */
    private static boolean matches(String pattern, String action) {
        String regex = pattern.toLowerCase().replace("*", ".*").replace("?", ".");
        return action.toLowerCase().matches(regex);
    }

    private static boolean onConnectionsTable(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        List<Object> resources = resource instanceof List<?> many ? List.copyOf(many) : List.of(resource);
        return resources.stream().anyMatch(r -> r.equals("*") || r.toString().contains("ConnectionsTable"));
    }

    private static String viaService(Map<String, Object> condition) {
        return String.valueOf(map(map(condition.get("StringEquals")).get("kms:ViaService")).get("Fn::Sub"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
