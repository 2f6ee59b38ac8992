package dev.sfbroker.store;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Connections in DynamoDB, one item per connection. The token set is sealed by the {@link TokenCipher}
 * before it is written; only its predicted expiry is stored in clear, for scheduling. Every update is
 * conditional on the {@code version} that was read and increments it.
 *
 * <p>A token is fetched far more often than it changes, so the last token opened for each connection is
 * kept with the exact sealed bytes it came from: a fetch that reads the same ciphertext needs no KMS
 * call. Every seal produces a new ciphertext, so a renewed token is never confused with a cached one.
 */
public final class DynamoDbConnectionStore implements ConnectionStore {
    private static final String VERSION = "version";
    private static final String TOKEN = "token";
    private static final String TOKEN_EXPIRES_AT = "token_expires_at";
    private static final String STATE = "state";

    private final DynamoDbClient dynamo;
    private final String table;
    private final TokenCipher cipher;
    private final JsonMapper json;
    private final Map<String, OpenedToken> opened = new ConcurrentHashMap<>();

    private record OpenedToken(byte[] sealed, TokenSet token) {
    }

    public DynamoDbConnectionStore(DynamoDbClient dynamo, String table, TokenCipher cipher, JsonMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.json = json;
    }

    @Override
    public Optional<Connection> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                .key(Map.of(ConnectionsTable.KEY, s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toConnection(item));
    }

    @Override
    public boolean create(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ConnectionsTable.KEY, s(connection.id()));
        item.put("login_url", s(connection.loginHost().url().toString()));
        item.put("audience", s(connection.loginHost().audience()));
        item.put("username", s(connection.username()));
        item.put("credentials_ref", s(connection.credentialsRef()));
        item.put("flow", s(connection.flow().wireName()));
        if (connection.sessionTimeout() != null) {
            item.put("session_timeout_s", n(connection.sessionTimeout().toSeconds()));
        }
        if (!connection.allowedPrincipals().isEmpty()) {
            item.put("allowed_principals", AttributeValue.fromSs(connection.allowedPrincipals().stream().sorted().toList()));
        }
        item.put(STATE, s(connection.state().name()));
        item.put(VERSION, n(connection.version()));
        return conditionally(() -> dynamo.putItem(request -> request.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ConnectionsTable.KEY))));
    }

    @Override
    public boolean replaceToken(Connection readVersion, TokenSet token) {
        byte[] sealed = cipher.seal(serialise(StoredToken.of(token)), readVersion.id());
        return update(readVersion, "SET #token = :token, #expires = :expires",
                Map.of("#token", TOKEN, "#expires", TOKEN_EXPIRES_AT),
                Map.of(":token", AttributeValue.fromB(SdkBytes.fromByteArray(sealed)),
                        ":expires", n(token.expiresAt().getEpochSecond())));
    }

    @Override
    public boolean block(Connection readVersion, ConnectionState state, Failure failure) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", s(state.name()));
        values.put(":class", s(failure.failureClass().name()));
        values.put(":cause", s(failure.cause()));
        values.put(":fix", s(failure.fix()));
        values.put(":at", n(failure.at().toEpochMilli()));
        values.put(":error", optional(failure.salesforceError()));
        values.put(":description", optional(failure.salesforceDescription()));
        return update(readVersion, "SET #state = :state, failure_class = :class, failure_cause = :cause, failure_fix = :fix,"
                        + " failure_at = :at, failure_error = :error, failure_description = :description",
                Map.of("#state", STATE), values);
    }

    private boolean update(Connection readVersion, String setExpression, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#version", VERSION);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":read", n(readVersion.version()));
        allValues.put(":next", n(readVersion.version() + 1));
        return conditionally(() -> dynamo.updateItem(request -> request.tableName(table)
                .key(Map.of(ConnectionsTable.KEY, s(readVersion.id())))
                .updateExpression(setExpression + ", #version = :next")
                .conditionExpression("#version = :read")
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(allValues)));
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
        return new Connection(
                id,
                LoginHost.of(item.get("login_url").s(), item.get("audience").s()),
                item.get("username").s(),
                item.get("credentials_ref").s(),
                Flow.fromWireName(item.get("flow").s()),
                item.containsKey("session_timeout_s") ? Duration.ofSeconds(Long.parseLong(item.get("session_timeout_s").n())) : null,
                item.containsKey("allowed_principals") ? Set.copyOf(item.get("allowed_principals").ss()) : Set.of(),
                ConnectionState.valueOf(item.get(STATE).s()),
                item.containsKey("failure_class") ? toFailure(item) : null,
                item.containsKey(TOKEN) ? open(id, item.get(TOKEN).b().asByteArray()) : null,
                Long.parseLong(item.get(VERSION).n()));
    }

    private static Failure toFailure(Map<String, AttributeValue> item) {
        return new Failure(FailureClass.valueOf(item.get("failure_class").s()),
                nullable(item.get("failure_error")), nullable(item.get("failure_description")),
                item.get("failure_cause").s(), item.get("failure_fix").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("failure_at").n())));
    }

    private TokenSet open(String id, byte[] sealed) {
        OpenedToken cached = opened.get(id);
        if (cached != null && Arrays.equals(cached.sealed(), sealed)) {
            return cached.token();
        }
        try {
            TokenSet token = json.readValue(cipher.open(sealed, id), StoredToken.class).toTokenSet();
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
