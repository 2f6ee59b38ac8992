package dev.sfbroker.store;

import dev.sfbroker.token.LoginBudgetLedger;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The login budget's counters in the connections table, under ids no connection can have
 * ({@code #login-budget/<user>/<hour>}), expiring through the table's TTL. Every renewal needs the connections table
 * anyway, so the budget adds no dependency a renewal did not have (the audit table, by design, may fail without
 * costing a caller its token). Taking a login is one conditional {@code ADD}:
 * DynamoDB applies it only while the count is under the limit and no pause holds, so instances never overrun it.
 *
 * <p>A write whose answer is lost is retried by the SDK and may count twice, or be refused by its own first attempt:
 * both err towards fewer calls to Salesforce, never more.
 */
public final class DynamoDbLoginBudgetLedger implements LoginBudgetLedger {
    private static final String ID_PREFIX = "#login-budget/";
    // attribute names of the budget items; template.yaml lets the renewing roles write exactly these (TemplateTest)
    public static final String USED = "used";
    public static final String PAUSED_UNTIL = "paused_until";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLoginBudgetLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Spend take(String user, Instant window, int limit, Instant now, Instant keepUntil) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(request -> request.tableName(table).key(key(user, window))
                    .updateExpression("ADD #used :one SET #expires = :expires")
                    .conditionExpression("(attribute_not_exists(#used) OR #used < :limit)"
                            + " AND (attribute_not_exists(#paused) OR #paused <= :now)")
                    .expressionAttributeNames(Map.of("#used", USED, "#paused", PAUSED_UNTIL, "#expires", ConnectionsTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit), ":now", n(now.toEpochMilli()),
                            ":expires", n(keepUntil.getEpochSecond())))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Spend(true, (int) number(updated, USED), null);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> found = e.item() == null ? Map.of() : e.item();
            long pausedUntil = number(found, PAUSED_UNTIL);
            return new Spend(false, (int) number(found, USED), pausedUntil > now.toEpochMilli() ? Instant.ofEpochMilli(pausedUntil) : null);
        }
    }

    @Override
    public void pause(String user, Instant window, Instant until, Instant keepUntil) {
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key(user, window))
                    .updateExpression("SET #paused = :until, #expires = :expires")
                    .conditionExpression("attribute_not_exists(#paused) OR #paused < :until")
                    .expressionAttributeNames(Map.of("#paused", PAUSED_UNTIL, "#expires", ConnectionsTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":until", n(until.toEpochMilli()), ":expires", n(keepUntil.getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // a longer pause is in place already
        }
    }

    /** Whether a connections-table item is one of the budget's counters, not a connection. */
    static boolean holds(Map<String, AttributeValue> item) {
        AttributeValue id = item.get(ConnectionsTable.KEY);
        return id != null && id.s() != null && id.s().startsWith(ID_PREFIX);
    }

    private static Map<String, AttributeValue> key(String user, Instant window) {
        return Map.of(ConnectionsTable.KEY, AttributeValue.fromS(ID_PREFIX + user + "/" + window.toEpochMilli()));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
