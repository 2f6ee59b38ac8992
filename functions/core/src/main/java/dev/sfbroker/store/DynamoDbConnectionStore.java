package dev.sfbroker.store;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.Lease;
import dev.sfbroker.token.PendingAuthorization;
import dev.sfbroker.token.SalesforceUser;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.SessionTimeoutSource;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.Grant;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Connections in DynamoDB, one item per connection. The token set is sealed by the {@link TokenCipher}
 * before it is written; only its predicted expiry is stored in clear, for scheduling. Every update is
 * conditional on the {@code version} that was read and increments it.
 *
 * <p>A token is fetched far more often than it changes, so the last token opened for each connection is
 * kept with the exact sealed bytes it came from: a fetch that reads the same ciphertext needs no KMS
 * call. Every seal produces a new ciphertext, so a renewed token is never confused with a cached one.
 *
 * <p>The SDK retries throttling, 5xx answers and dropped connections. A retried conditional write can therefore meet
 * its own earlier attempt, applied by DynamoDB but unanswered, and fail its condition. The writes that matter say
 * so: a failed condition returns the item as it is, and a write recognises itself in it by what only it could have
 * written: its lease (each lease names one attempt), or its sealed token (every seal is unique).
 */
public final class DynamoDbConnectionStore implements ConnectionStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbConnectionStore.class);
    // Attribute names. The template's IAM policies name them too: the roles that do not manage connections may write only
    // the runtime attributes (dynamodb:Attributes), never the definition, and a test holds the template to these fields.
    /** Definition: where the broker logs in, as whom, with which connected app, and who may fetch the token. */
    public static final String LOGIN_URL = "login_url";
    public static final String AUDIENCE = "audience";
    public static final String USERNAME = "username";
    public static final String CREDENTIALS_REF = "credentials_ref";
    public static final String FLOW = "flow";
    public static final String ALLOWED_PRINCIPALS = "allowed_principals";
    /** The user's Salesforce org and user ids, recorded when a web-server authorisation completes (ops only). */
    public static final String SALESFORCE_ORG_ID = "salesforce_org_id";
    public static final String SALESFORCE_USER_ID = "salesforce_user_id";
    /** The session timeout, configured by an operator or learned by the policy audit. */
    public static final String SESSION_TIMEOUT = "session_timeout_s";
    public static final String SESSION_TIMEOUT_SOURCE = "session_timeout_source";
    /** Runtime: the version every write is conditional on, the sealed token, the lease, failures and authorisation. */
    public static final String VERSION = "version";
    public static final String TOKEN = "token";
    public static final String TOKEN_EXPIRES_AT = "token_expires_at";
    public static final String STATE = "state";
    public static final String LEASE_OWNER = "lease_owner";
    public static final String LEASE_UNTIL = "lease_until";
    public static final String RETRY_AFTER = "retry_after";
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";
    public static final String AUTH_STATE = "auth_state_digest";
    public static final String LOGIN_BUDGET = "login_budget_per_hour";
    public static final String AUTH_VERIFIER = "auth_verifier";
    public static final String AUTH_EXPIRES_AT = "auth_expires_at";
    public static final String AUTH_EXCHANGE_STARTED_AT = "auth_exchange_started_at";
    public static final String FAILURE_CLASS = "failure_class";
    public static final String FAILURE_CAUSE = "failure_cause";
    public static final String FAILURE_FIX = "failure_fix";
    public static final String FAILURE_AT = "failure_at";
    public static final String FAILURE_ERROR = "failure_error";
    public static final String FAILURE_DESCRIPTION = "failure_description";
    private static final String FAILURE_SET = FAILURE_CLASS + " = :class, " + FAILURE_CAUSE + " = :cause, " + FAILURE_FIX + " = :fix, "
            + FAILURE_AT + " = :at, " + FAILURE_ERROR + " = :error, " + FAILURE_DESCRIPTION + " = :description";
    private static final String SESSION_TIMEOUT_SET = SESSION_TIMEOUT + " = :timeout, " + SESSION_TIMEOUT_SOURCE + " = :timeoutSource";
    /** Pause between attempts of the renewal write, doubling, while the lease lasts. */
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(50);
    /** DynamoDB's limit on the keys of one BatchGetItem. */
    private static final int BATCH_GET_LIMIT = 100;
    /** BatchGetItem calls for one batch's unprocessed keys (pauses 50 ms to 0.8 s) before the rest are read one by one. */
    private static final int UNPROCESSED_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String table;
    private final TokenCipher cipher;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, OpenedToken> opened = new ConcurrentHashMap<>();

    private record OpenedToken(byte[] sealed, StoredToken token) {
    }

    public DynamoDbConnectionStore(DynamoDbClient dynamo, String table, TokenCipher cipher, JsonMapper json, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Optional<Connection> find(String id) {
        return item(key(id)).map(this::toConnection);
    }

    private Optional<Map<String, AttributeValue>> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public List<Connection> findEach(List<String> ids) {
        List<Connection> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(from + BATCH_GET_LIMIT, ids.size())).stream()
                    .map(DynamoDbConnectionStore::key).toList();
            batchGet(keys).forEach(item -> found.add(toConnection(item)));
        }
        return found;
    }

    /**
     * One BatchGetItem, and again for the keys DynamoDB left unprocessed (it does under throttling), with doubling
     * pauses; keys still unprocessed after that are read one at a time.
     */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        Duration pause = FIRST_RETRY_PAUSE;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > UNPROCESSED_ATTEMPTS) {
                pending.get(table).keys().forEach(key -> item(key).ifPresent(items::add));
                break;
            }
            if (attempt > 1) {
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(batch -> batch.requestItems(request));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            pending = response.unprocessedKeys();
        }
        return items;
    }

    @Override
    public boolean create(Connection connection) {
        Map<String, AttributeValue> item = newItem(connection);
        return conditionally(() -> dynamo.putItem(request -> request.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ConnectionsTable.KEY))));
    }

    /** A newly registered connection's item, due at once; also what tests seed a table with in bulk. */
    public static Map<String, AttributeValue> newItem(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ConnectionsTable.KEY, s(connection.id()));
        item.put(LOGIN_URL, s(connection.loginHost().url().toString()));
        item.put(AUDIENCE, s(connection.loginHost().audience()));
        item.put(USERNAME, s(connection.username()));
        item.put(CREDENTIALS_REF, s(connection.credentialsRef()));
        item.put(FLOW, s(connection.flow().wireName()));
        if (connection.sessionTimeout() != null) {
            item.put(SESSION_TIMEOUT, n(connection.sessionTimeout().toSeconds()));
            item.put(SESSION_TIMEOUT_SOURCE, s(connection.sessionTimeoutSource().name()));
        }
        if (!connection.allowedPrincipals().isEmpty()) {
            item.put(ALLOWED_PRINCIPALS, AttributeValue.fromSs(connection.allowedPrincipals().stream().sorted().toList()));
        }
        if (connection.loginBudgetPerHour() != null) {
            item.put(LOGIN_BUDGET, n(connection.loginBudgetPerHour()));
        }
        item.put(STATE, s(connection.state().name()));
        item.put(VERSION, n(connection.version()));
        // a new connection is due at once, so the schedule mints its first token
        item.put(ConnectionsTable.RENEWAL_SHARD, s(ConnectionsTable.shardOf(connection.id())));
        item.put(ConnectionsTable.RENEW_AT, n(0));
        return item;
    }

    @Override
    public Optional<Connection> acquireLease(Connection read, Lease lease, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":owner", s(lease.owner()));
        values.put(":until", n(lease.until().toEpochMilli()));
        values.put(":now", n(now.toEpochMilli()));
        try {
            Map<String, AttributeValue> leased = dynamo.updateItem(request -> request.tableName(table)
                    .key(key(read.id()))
                    .updateExpression("SET #owner = :owner, #until = :until, #version = :next")
                    .conditionExpression("#version = :read AND (attribute_not_exists(#until) OR #until <= :now)"
                            + " AND (attribute_not_exists(#retry) OR #retry <= :now)")
                    .expressionAttributeNames(names(Map.of("#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#retry", RETRY_AFTER)))
                    .expressionAttributeValues(versioned(read, values))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return Optional.of(toConnection(leased));
        } catch (ConditionalCheckFailedException e) {
            return holds(e.item(), lease) ? Optional.of(toConnection(e.item())) : Optional.empty();
        }
    }

    /** True if {@code item} carries exactly {@code lease}: an earlier attempt of this very write took it. */
    private static boolean holds(Map<String, AttributeValue> item, Lease lease) {
        return item != null && item.containsKey(LEASE_OWNER) && item.get(LEASE_OWNER).s().equals(lease.owner())
                && item.get(LEASE_UNTIL).n().equals(Long.toString(lease.until().toEpochMilli()));
    }

    @Override
    public boolean completeRenewal(Connection leased, TokenSet token, Grant grant) {
        Map<String, AttributeValue> values = tokenValues(leased, token, grant);
        values.put(":owner", s(leased.lease().owner()));
        // active, and back in the renewal index: an operator's retry of a blocked connection completes here too
        values.put(":active", s(ConnectionState.ACTIVE.name()));
        values.put(":shard", s(ConnectionsTable.shardOf(leased.id())));
        UpdateItemRequest write = UpdateItemRequest.builder().tableName(table)
                .key(key(leased.id()))
                .updateExpression("SET #token = :token, #expires = :expires, #renewAt = :renewAt, #version = :next,"
                        + " #connState = :active, #shard = :shard REMOVE #owner, #until, #retry, #unknown")
                .conditionExpression("#version = :read AND #owner = :owner")
                .expressionAttributeNames(names(Map.of("#token", TOKEN, "#expires", TOKEN_EXPIRES_AT,
                        "#renewAt", ConnectionsTable.RENEW_AT, "#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#retry", RETRY_AFTER,
                        "#unknown", OUTCOME_UNKNOWN, "#connState", STATE, "#shard", ConnectionsTable.RENEWAL_SHARD)))
                .expressionAttributeValues(versioned(leased, values))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return writeUntilLanded(write, leased.lease().until());
    }

    /** The sealed token set and grant (:token), with the predicted expiry and renewal time in clear (:expires, :renewAt). */
    private Map<String, AttributeValue> tokenValues(Connection connection, TokenSet token, Grant grant) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":token", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.seal(serialise(StoredToken.of(token, grant)), connection.id()))));
        values.put(":expires", n(token.expiresAt().getEpochSecond()));
        values.put(":renewAt", n(token.renewAt().getEpochSecond()));
        return values;
    }

    /** Retries a write through store failures (throttling, network) until it lands or {@code deadline} passes. */
    private boolean writeUntilLanded(UpdateItemRequest write, Instant deadline) {
        Duration pause = FIRST_RETRY_PAUSE;
        while (true) {
            try {
                dynamo.updateItem(write);
                return true;
            } catch (ConditionalCheckFailedException e) {
                return landedEarlier(e, write.expressionAttributeValues());
            } catch (SdkException e) {
                if (!clock.instant().plus(pause).isBefore(deadline)) {
                    throw e;
                }
                LOG.warn("renewal write for connection {} failed ({}), retrying in {} ms", write.key().get(ConnectionsTable.KEY).s(),
                        e.getClass().getSimpleName(), pause.toMillis());
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    @Override
    public boolean releaseLease(Connection leased, Failure failure, Instant retryAfter) {
        Map<String, AttributeValue> values = failureValues(failure);
        values.put(":retry", n(retryAfter.toEpochMilli()));
        values.put(":owner", s(leased.lease().owner()));
        values.put(":unknown", AttributeValue.fromBool(failure.failureClass() == FailureClass.OUTCOME_UNKNOWN || leased.outcomeUnknown()));
        return update(leased, "SET #retry = :retry, #unknown = :unknown, " + FAILURE_SET + " REMOVE #owner, #until",
                "#owner = :owner", Map.of("#retry", RETRY_AFTER, "#unknown", OUTCOME_UNKNOWN, "#owner", LEASE_OWNER,
                        "#until", LEASE_UNTIL), values);
    }

    @Override
    public boolean block(Connection read, ConnectionState state, Failure failure) {
        Map<String, AttributeValue> values = failureValues(failure);
        values.put(":state", s(state.name()));
        // leaving the renewal index: the schedule stops looking at a blocked connection
        return update(read, "SET #state = :state, " + FAILURE_SET + " REMOVE #owner, #until, #shard", null,
                Map.of("#state", STATE, "#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#shard", ConnectionsTable.RENEWAL_SHARD), values);
    }

    @Override
    public boolean beginAuthorization(Connection read, PendingAuthorization pending) {
        byte[] sealedVerifier = cipher.seal(pending.codeVerifier().reveal().getBytes(StandardCharsets.US_ASCII), read.id());
        return update(read, "SET #state = :state, #verifier = :verifier, #expires = :expires REMOVE #exchange", null,
                Map.of("#state", AUTH_STATE, "#verifier", AUTH_VERIFIER, "#expires", AUTH_EXPIRES_AT, "#exchange", AUTH_EXCHANGE_STARTED_AT),
                Map.of(":state", s(pending.stateDigest()), ":verifier", AttributeValue.fromB(SdkBytes.fromByteArray(sealedVerifier)),
                        ":expires", n(pending.expiresAt().toEpochMilli())));
    }

    @Override
    public boolean startCodeExchange(Connection read, Instant at) {
        return update(read, "SET #exchange = :at", "attribute_exists(#state) AND attribute_not_exists(#exchange)",
                Map.of("#exchange", AUTH_EXCHANGE_STARTED_AT, "#state", AUTH_STATE), Map.of(":at", n(at.toEpochMilli())));
    }

    @Override
    public boolean completeAuthorization(Connection read, TokenSet token, Grant grant, SalesforceUser user) {
        Map<String, AttributeValue> values = tokenValues(read, token, grant);
        values.put(":shard", s(ConnectionsTable.shardOf(read.id())));
        values.put(":active", s(ConnectionState.ACTIVE.name()));
        values.put(":orgId", s(user.orgId()));
        values.put(":userId", s(user.userId()));
        return update(read, "SET #token = :token, #expires = :expires, #renewAt = :renewAt, #shard = :shard, #connState = :active,"
                        + " #orgId = :orgId, #userId = :userId"
                        + " REMOVE #owner, #until, #retry, #unknown, #authState, #verifier, #authExpires, #exchange", null,
                Map.ofEntries(Map.entry("#token", TOKEN), Map.entry("#expires", TOKEN_EXPIRES_AT),
                        Map.entry("#orgId", SALESFORCE_ORG_ID), Map.entry("#userId", SALESFORCE_USER_ID),
                        Map.entry("#renewAt", ConnectionsTable.RENEW_AT), Map.entry("#shard", ConnectionsTable.RENEWAL_SHARD),
                        Map.entry("#connState", STATE), Map.entry("#owner", LEASE_OWNER), Map.entry("#until", LEASE_UNTIL),
                        Map.entry("#retry", RETRY_AFTER), Map.entry("#unknown", OUTCOME_UNKNOWN), Map.entry("#authState", AUTH_STATE),
                        Map.entry("#verifier", AUTH_VERIFIER), Map.entry("#authExpires", AUTH_EXPIRES_AT),
                        Map.entry("#exchange", AUTH_EXCHANGE_STARTED_AT)),
                values);
    }

    @Override
    public List<Connection> all() {
        List<Connection> connections = new ArrayList<>();
        dynamo.scanPaginator(request -> request.tableName(table).consistentRead(true)).items().stream()
                .filter(item -> !DynamoDbLoginBudgetLedger.holds(item) && !DynamoDbPendingApprovals.holds(item))
                .forEach(item -> connections.add(toConnection(item)));
        return connections;
    }

    @Override
    public boolean updateDefinition(Connection read, Connection updated) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":loginUrl", s(updated.loginHost().url().toString()));
        values.put(":audience", s(updated.loginHost().audience()));
        values.put(":username", s(updated.username()));
        values.put(":credentials", s(updated.credentialsRef()));
        String set = "SET " + LOGIN_URL + " = :loginUrl, " + AUDIENCE + " = :audience, " + USERNAME + " = :username, "
                + CREDENTIALS_REF + " = :credentials";
        List<String> removed = new ArrayList<>();
        if (updated.sessionTimeout() != null) {
            values.putAll(sessionTimeoutValues(updated.sessionTimeout(), updated.sessionTimeoutSource()));
            set += ", " + SESSION_TIMEOUT_SET;
        } else {
            removed.add(SESSION_TIMEOUT);
            removed.add(SESSION_TIMEOUT_SOURCE);
        }
        if (!updated.allowedPrincipals().isEmpty()) {
            values.put(":principals", AttributeValue.fromSs(updated.allowedPrincipals().stream().sorted().toList()));
            set += ", " + ALLOWED_PRINCIPALS + " = :principals";
        } else {
            removed.add(ALLOWED_PRINCIPALS);
        }
        if (updated.loginBudgetPerHour() != null) {
            values.put(":loginBudget", n(updated.loginBudgetPerHour()));
            set += ", " + LOGIN_BUDGET + " = :loginBudget";
        } else {
            removed.add(LOGIN_BUDGET);
        }
        String expression = removed.isEmpty() ? set : set + " REMOVE " + String.join(", ", removed);
        return update(read, expression, null, Map.of(), values);
    }

    /** Writes the session timeout alone: the policy audit's role may not write the definition (template.yaml). */
    @Override
    public boolean updateSessionTimeout(Connection read, Connection updated) {
        return update(read, "SET " + SESSION_TIMEOUT_SET, null, Map.of(),
                sessionTimeoutValues(updated.sessionTimeout(), updated.sessionTimeoutSource()));
    }

    private static Map<String, AttributeValue> sessionTimeoutValues(Duration timeout, SessionTimeoutSource source) {
        return Map.of(":timeout", n(timeout.toSeconds()), ":timeoutSource", s(source.name()));
    }

    @Override
    public boolean purgeTokens(Connection read, ConnectionState state, Grant keptGrant) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", s(state.name()));
        Map<String, String> names = new HashMap<>(Map.of("#state", STATE, "#token", TOKEN, "#expires", TOKEN_EXPIRES_AT,
                "#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#retry", RETRY_AFTER, "#unknown", OUTCOME_UNKNOWN,
                "#shard", ConnectionsTable.RENEWAL_SHARD));
        String remove = " REMOVE #expires, #owner, #until, #retry, #unknown";
        String set = "SET #state = :state";
        if (keptGrant != null) {
            values.put(":token", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.seal(serialise(StoredToken.of(null, keptGrant)), read.id()))));
            set += ", #token = :token";
        } else {
            remove += ", #token";
        }
        if (state == ConnectionState.ACTIVE) {
            // renewal due at once: the next fetch or scheduled run gets a new access token from the kept grant
            values.put(":shard", s(ConnectionsTable.shardOf(read.id())));
            values.put(":zero", n(0));
            names.put("#renewAt", ConnectionsTable.RENEW_AT);
            set += ", #shard = :shard, #renewAt = :zero";
        } else {
            remove += ", #shard";
        }
        return update(read, set + remove, null, names, values);
    }

    @Override
    public boolean delete(Connection read) {
        return conditionally(() -> dynamo.deleteItem(request -> request.tableName(table).key(key(read.id()))
                .conditionExpression("#version = :read")
                .expressionAttributeNames(Map.of("#version", VERSION))
                .expressionAttributeValues(Map.of(":read", n(read.version())))));
    }

    @Override
    public List<String> dueForRenewal(Instant by) {
        List<String> due = new ArrayList<>();
        for (int shard = 0; shard < ConnectionsTable.RENEWAL_SHARDS; shard++) {
            String shardKey = Integer.toString(shard);
            dynamo.queryPaginator(request -> request.tableName(table)
                            .indexName(ConnectionsTable.RENEWAL_INDEX)
                            .keyConditionExpression("#shard = :shard AND #renewAt <= :by")
                            .expressionAttributeNames(Map.of("#shard", ConnectionsTable.RENEWAL_SHARD, "#renewAt", ConnectionsTable.RENEW_AT))
                            .expressionAttributeValues(Map.of(":shard", s(shardKey), ":by", n(by.getEpochSecond()))))
                    .items()
                    .forEach(item -> due.add(item.get(ConnectionsTable.KEY).s()));
        }
        return due;
    }

    private static Map<String, AttributeValue> failureValues(Failure failure) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":class", s(failure.failureClass().name()));
        values.put(":cause", s(failure.cause()));
        values.put(":fix", s(failure.fix()));
        values.put(":at", n(failure.at().toEpochMilli()));
        values.put(":error", optional(failure.salesforceError()));
        values.put(":description", optional(failure.salesforceDescription()));
        return values;
    }

    /**
     * An update that lands only on the version that was read (and {@code condition}, if any), and bumps it. One that
     * writes a token recognises its own earlier, unanswered attempt.
     */
    private boolean update(Connection read, String expression, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        String set = expression.contains(" REMOVE ") ? expression.replace(" REMOVE ", ", #version = :next REMOVE ")
                : expression + ", #version = :next";
        Map<String, AttributeValue> versionedValues = versioned(read, values);
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(read.id()))
                    .updateExpression(set)
                    .conditionExpression(condition == null ? "#version = :read" : "#version = :read AND " + condition)
                    .expressionAttributeNames(names(names))
                    .expressionAttributeValues(versionedValues)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return landedEarlier(e, versionedValues);
        }
    }

    /**
     * True if the write whose condition failed had in fact landed: the item carries the sealed token it wrote, which no
     * other write can carry. Only token writes can tell; any other write says false.
     */
    private static boolean landedEarlier(ConditionalCheckFailedException failed, Map<String, AttributeValue> written) {
        return failed.item() != null && written.containsKey(":token") && written.get(":token").equals(failed.item().get(TOKEN));
    }

    private static Map<String, String> names(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#version", VERSION);
        return all;
    }

    private static Map<String, AttributeValue> versioned(Connection read, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":read", n(read.version()));
        all.put(":next", n(read.version() + 1));
        return all;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ConnectionsTable.KEY, s(id));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a DynamoDB request", e);
        }
    }

    private static boolean conditionally(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Connection toConnection(Map<String, AttributeValue> item) {
        String id = item.get(ConnectionsTable.KEY).s();
        StoredToken sealed = item.containsKey(TOKEN) ? open(id, item.get(TOKEN).b().asByteArray()) : null;
        return new Connection(
                id,
                LoginHost.of(item.get(LOGIN_URL).s(), item.get(AUDIENCE).s()),
                item.get(USERNAME).s(),
                item.get(CREDENTIALS_REF).s(),
                Flow.fromWireName(item.get(FLOW).s()),
                item.containsKey(SESSION_TIMEOUT) ? Duration.ofSeconds(Long.parseLong(item.get(SESSION_TIMEOUT).n())) : null,
                item.containsKey(SESSION_TIMEOUT) ? sessionTimeoutSource(item) : null,
                item.containsKey(ALLOWED_PRINCIPALS) ? Set.copyOf(item.get(ALLOWED_PRINCIPALS).ss()) : Set.of(),
                item.containsKey(LOGIN_BUDGET) ? Integer.valueOf(item.get(LOGIN_BUDGET).n()) : null,
                ConnectionState.valueOf(item.get(STATE).s()),
                item.containsKey(FAILURE_CLASS) ? toFailure(item) : null,
                sealed == null ? null : sealed.toTokenSet(),
                sealed == null ? null : sealed.toGrant(),
                item.containsKey(LEASE_OWNER) ? new Lease(item.get(LEASE_OWNER).s(), instant(item.get(LEASE_UNTIL))) : null,
                item.containsKey(RETRY_AFTER) ? instant(item.get(RETRY_AFTER)) : null,
                item.containsKey(OUTCOME_UNKNOWN) && item.get(OUTCOME_UNKNOWN).bool(),
                item.containsKey(AUTH_STATE) ? pendingAuthorization(id, item) : null,
                item.containsKey(SALESFORCE_USER_ID) ? new SalesforceUser(item.get(SALESFORCE_ORG_ID).s(), item.get(SALESFORCE_USER_ID).s()) : null,
                Long.parseLong(item.get(VERSION).n()));
    }

    private PendingAuthorization pendingAuthorization(String id, Map<String, AttributeValue> item) {
        String verifier = new String(cipher.open(item.get(AUTH_VERIFIER).b().asByteArray(), id), StandardCharsets.US_ASCII);
        return new PendingAuthorization(item.get(AUTH_STATE).s(), Secret.of(verifier), instant(item.get(AUTH_EXPIRES_AT)),
                item.containsKey(AUTH_EXCHANGE_STARTED_AT) ? instant(item.get(AUTH_EXCHANGE_STARTED_AT)) : null);
    }

    private static Instant instant(AttributeValue epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong(epochMillis.n()));
    }

    /** Items written before the source was recorded count as configured. */
    private static SessionTimeoutSource sessionTimeoutSource(Map<String, AttributeValue> item) {
        return item.containsKey(SESSION_TIMEOUT_SOURCE) ? SessionTimeoutSource.valueOf(item.get(SESSION_TIMEOUT_SOURCE).s())
                : SessionTimeoutSource.CONFIGURED;
    }

    private static Failure toFailure(Map<String, AttributeValue> item) {
        return new Failure(FailureClass.valueOf(item.get(FAILURE_CLASS).s()),
                nullable(item.get(FAILURE_ERROR)), nullable(item.get(FAILURE_DESCRIPTION)),
                item.get(FAILURE_CAUSE).s(), item.get(FAILURE_FIX).s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(FAILURE_AT).n())));
    }

    private StoredToken open(String id, byte[] sealed) {
        OpenedToken cached = opened.get(id);
        if (cached != null && Arrays.equals(cached.sealed(), sealed)) {
            return cached.token();
        }
        try {
            StoredToken token = json.readValue(cipher.open(sealed, id), StoredToken.class);
            opened.put(id, new OpenedToken(sealed, token));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("stored token of connection " + id + " is unreadable", e);
        }
    }

    private byte[] serialise(StoredToken token) {
        try {
            return json.writeValueAsBytes(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue optional(String value) {
        return value == null ? AttributeValue.fromNul(true) : s(value);
    }

    private static String nullable(AttributeValue value) {
        return value == null || Boolean.TRUE.equals(value.nul()) ? null : value.s();
    }
}
