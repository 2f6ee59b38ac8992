package dev.sfbroker.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every call the simulator serves: per endpoint, per token grant type, and per user
 * (username, lower case). A token call is attributed to the username in the JWT's {@code sub}
 * (or {@code prn}) as soon as the assertion can be read, or to the user of the refresh token or
 * authorization code once it is found, whether or not the call succeeds (a call refused because its
 * token is in processing never looks it up, so it counts for no user); an authorize call to the
 * user who approves; a revoke or introspect call to the owner of a known token; a REST call to the
 * user of a valid session. Control-API calls ({@code /__sim/}) are not counted.
 * Thread safe; {@link #reset()} racing with requests may lose those requests' counts.
 */
public final class SimCounters {

    /** The grant type a token call without a {@code grant_type} parameter is counted under. */
    public static final String NO_GRANT_TYPE = "(none)";

    private final EnumMap<SimEndpoint, LongAdder> byEndpoint = new EnumMap<>(SimEndpoint.class);
    private final ConcurrentHashMap<String, LongAdder> byGrantType = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EnumMap<SimEndpoint, LongAdder>> byUser = new ConcurrentHashMap<>();

    SimCounters() {
        for (SimEndpoint endpoint : SimEndpoint.values()) {
            byEndpoint.put(endpoint, new LongAdder());
        }
    }

    void countCall(SimEndpoint endpoint) {
        byEndpoint.get(endpoint).increment();
    }

    void countGrantType(String grantType) {
        String key = grantType == null || grantType.isEmpty() ? NO_GRANT_TYPE : grantType;
        byGrantType.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void countUser(String username, SimEndpoint endpoint) {
        if (username == null || username.isEmpty()) {
            return;
        }
        byUser.computeIfAbsent(username.toLowerCase(Locale.ROOT), k -> newEndpointMap())
                .get(endpoint).increment();
    }

    /** All counted calls. */
    public long totalCalls() {
        long total = 0;
        for (LongAdder adder : byEndpoint.values()) {
            total += adder.sum();
        }
        return total;
    }

    /** Calls to one endpoint. */
    public long calls(SimEndpoint endpoint) {
        return byEndpoint.get(endpoint).sum();
    }

    /** Calls to {@code /services/oauth2/token}, any grant type, any outcome. */
    public long tokenCalls() {
        return calls(SimEndpoint.TOKEN);
    }

    /** Calls to {@code /services/data...}, any outcome. */
    public long restCalls() {
        return calls(SimEndpoint.REST_API);
    }

    /** Token calls with this exact {@code grant_type} value (unsupported values are counted too). */
    public long tokenCalls(String grantType) {
        LongAdder adder = byGrantType.get(grantType);
        return adder == null ? 0 : adder.sum();
    }

    /** Token calls with the JWT bearer grant type. */
    public long jwtBearerCalls() {
        return tokenCalls(JwtBearerGrant.GRANT_TYPE);
    }

    /** Token calls with the refresh token grant type. */
    public long refreshTokenCalls() {
        return tokenCalls(RefreshTokenGrant.GRANT_TYPE);
    }

    /** Token calls with the authorization code grant type. */
    public long authorizationCodeCalls() {
        return tokenCalls(AuthorizationCodeGrant.GRANT_TYPE);
    }

    /** Calls attributed to a user, all endpoints. */
    public long userCalls(String username) {
        EnumMap<SimEndpoint, LongAdder> counts = byUser.get(username.toLowerCase(Locale.ROOT));
        if (counts == null) {
            return 0;
        }
        long total = 0;
        for (LongAdder adder : counts.values()) {
            total += adder.sum();
        }
        return total;
    }

    /** Calls attributed to a user on one endpoint, e.g. token calls for one user. */
    public long userCalls(String username, SimEndpoint endpoint) {
        EnumMap<SimEndpoint, LongAdder> counts = byUser.get(username.toLowerCase(Locale.ROOT));
        return counts == null ? 0 : counts.get(endpoint).sum();
    }

    /** A consistent-enough copy of every counter, for reports and the control API. */
    public Snapshot snapshot() {
        Map<SimEndpoint, Long> endpoints = new EnumMap<>(SimEndpoint.class);
        byEndpoint.forEach((endpoint, adder) -> endpoints.put(endpoint, adder.sum()));
        Map<String, Long> grants = new TreeMap<>();
        byGrantType.forEach((grant, adder) -> grants.put(grant, adder.sum()));
        Map<String, Map<SimEndpoint, Long>> users = new TreeMap<>();
        byUser.forEach((user, counts) -> {
            Map<SimEndpoint, Long> copy = new EnumMap<>(SimEndpoint.class);
            counts.forEach((endpoint, adder) -> {
                long n = adder.sum();
                if (n > 0) {
                    copy.put(endpoint, n);
                }
            });
            users.put(user, Collections.unmodifiableMap(copy));
        });
        long total = endpoints.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(total, Collections.unmodifiableMap(endpoints),
                Collections.unmodifiableMap(grants), Collections.unmodifiableMap(users));
    }

    /** Sets every counter back to zero. */
    public void reset() {
        byEndpoint.values().forEach(LongAdder::reset);
        byGrantType.clear();
        byUser.clear();
    }

    private static EnumMap<SimEndpoint, LongAdder> newEndpointMap() {
        EnumMap<SimEndpoint, LongAdder> map = new EnumMap<>(SimEndpoint.class);
        for (SimEndpoint endpoint : SimEndpoint.values()) {
            map.put(endpoint, new LongAdder());
        }
        return map;
    }

    /** Counter values at one moment. */
    public record Snapshot(long totalCalls,
                           Map<SimEndpoint, Long> byEndpoint,
                           Map<String, Long> byGrantType,
                           Map<String, Map<SimEndpoint, Long>> byUser) {
    }
}
