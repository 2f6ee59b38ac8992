package dev.sfbroker.api;

import dev.sfbroker.token.AllowedPrincipals;
import dev.sfbroker.token.ConnectionOperations.Definition;
import dev.sfbroker.token.Flow;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.LoginBudget;
import dev.sfbroker.token.SessionTimeouts;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads the bodies that define a connection: {@code POST /ops/connections} registers, {@code PUT} replaces the whole
 * definition (every required field, so nothing is reset by omission), {@code PATCH} changes only the fields it sends.
 * A definition that leaves nobody allowed to fetch the token needs {@code "allow_no_callers": true}; one that adds an ops
 * principal to the callers needs {@code "allow_ops_principal": true}.
 */
@Singleton
public final class ConnectionRequests {
    /** Bounds every principal list to a small item: DynamoDB refuses items over 400 KB. */
    public static final int MAX_PRINCIPALS = 100;
    /** A host name is at most 253 characters; the scheme and a port fit in the rest. */
    public static final int MAX_LOGIN_HOST_LENGTH = 300;
    /** Salesforce usernames are at most 80 characters. */
    public static final int MAX_USERNAME_LENGTH = 80;
    /** A Secrets Manager secret ARN is at most 2,048 characters. */
    public static final int MAX_CREDENTIALS_REF_LENGTH = 2048;
    public static final int MAX_ID_LENGTH = 128;

    private static final List<String> REQUIRED = List.of("login_host", "username", "credentials_ref", "allowed_principals");
    private static final List<String> DEFINITION_FIELDS = List.of("login_host", "audience", "username", "credentials_ref", "flow",
            "session_timeout_minutes", "allowed_principals", "allow_no_callers", "allow_ops_principal", "login_budget_per_hour");
    private static final List<String> REGISTRATION_FIELDS = Stream.concat(Stream.of("id"), DEFINITION_FIELDS.stream()).toList();
    private static final Definition NOTHING = new Definition(null, null, null, null, null, null, Set.of(), null, false);

    private final JsonMapper json;

    ConnectionRequests(JsonMapper json) {
        this.json = json;
    }

    record Registration(String id, Definition definition) {
    }

    Registration registration(String body) {
        JsonRequest request = JsonRequest.parse(body, json, REGISTRATION_FIELDS);
        String id = request.text("id", MAX_ID_LENGTH).orElse(null);
        Definition definition = merged(request, NOTHING);
        requireAll(request, Stream.concat(Stream.of("id"), REQUIRED.stream()).toList(),
                "a registration needs them all; allowed_principals may be [] only with \"allow_no_callers\": true");
        return new Registration(id, definition);
    }

    Definition replacement(String body) {
        JsonRequest request = JsonRequest.parse(body, json, DEFINITION_FIELDS);
        Definition definition = merged(request, NOTHING);
        requireAll(request, REQUIRED, "PUT replaces the whole definition; send them too, or PATCH only the fields to change");
        return definition;
    }

    /** The change a PATCH body makes; applied to the connection's definition as it is when the change is written. */
    UnaryOperator<Definition> patch(String body) {
        JsonRequest request = JsonRequest.parse(body, json, DEFINITION_FIELDS);
        List<String> nulled = request.missing(REQUIRED).stream().filter(request::has).toList();
        if (!nulled.isEmpty()) {
            throw new InvalidRequestException(String.join(", ", nulled) + " cannot be removed; send a new value, or leave the field out"
                    + " to keep the current one");
        }
        return current -> merged(request, current);
    }

    private static void requireAll(JsonRequest request, List<String> required, String why) {
        List<String> missing = request.missing(required);
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("missing " + String.join(", ", missing) + ": " + why);
        }
    }

    /**
     * The fields sent, over {@code base}. A new login host without an audience takes its own default audience; an
     * audience, session timeout or login budget sent as {@code null} returns to the default.
     */
    private static Definition merged(JsonRequest request, Definition base) {
        boolean newHost = request.has("login_host");
        String audience = request.has("audience") || newHost ? request.text("audience", MAX_LOGIN_HOST_LENGTH).orElse(null) : base.audience();
        Duration sessionTimeout = request.has("session_timeout_minutes")
                ? request.wholeNumber("session_timeout_minutes", (int) SessionTimeouts.OFFERED.getFirst().toMinutes(),
                (int) SessionTimeouts.LONGEST.toMinutes()).map(Duration::ofMinutes).orElse(null)
                : base.sessionTimeout();
        Integer loginBudget = request.has("login_budget_per_hour")
                ? request.wholeNumber("login_budget_per_hour", 1, LoginBudget.SALESFORCE_LIMIT_PER_HOUR).orElse(null)
                : base.loginBudgetPerHour();
        Set<String> principals = request.texts("allowed_principals", MAX_PRINCIPALS, AllowedPrincipals.MAX_ARN_LENGTH)
                .<Set<String>>map(Set::copyOf).orElse(base.allowedPrincipals());
        boolean allowNoCallers = request.bool("allow_no_callers").orElse(false);
        if (principals.isEmpty() && request.has("allowed_principals") && !allowNoCallers) {
            throw new InvalidRequestException("allowed_principals is empty, so nobody could fetch this connection's token; list the"
                    + " callers' role ARNs, or send \"allow_no_callers\": true if that is what you want");
        }
        return new Definition(request.text("login_host", MAX_LOGIN_HOST_LENGTH).orElse(base.loginHost()), audience,
                request.text("username", MAX_USERNAME_LENGTH).orElse(base.username()),
                request.text("credentials_ref", MAX_CREDENTIALS_REF_LENGTH).orElse(base.credentialsRef()),
                request.text("flow", MAX_ID_LENGTH).map(Flow::fromWireName).orElse(base.flow()), sessionTimeout, principals,
                loginBudget, request.bool("allow_ops_principal").orElse(false));
    }
}
