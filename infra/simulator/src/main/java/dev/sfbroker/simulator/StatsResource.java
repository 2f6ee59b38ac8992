package dev.sfbroker.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Read-outs over HTTP, never a token: {@code /__sim/counters} (the {@link SimCounters}), {@code /__sim/logins}
 * (each user's logins in the rolling hour against the limit, Salesforce's documented behaviour) and {@code /__sim/sessions}
 * (live session and approval counts).
 */
final class StatsResource {

    private final SalesforceSimulator sim;

    StatsResource(SalesforceSimulator sim) {
        this.sim = sim;
    }

    ControlResponse counters() {
        SimCounters.Snapshot snapshot = sim.counters().snapshot();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("totalCalls", snapshot.totalCalls());
        Map<String, Long> endpoints = new LinkedHashMap<>();
        snapshot.byEndpoint().forEach((endpoint, n) -> endpoints.put(endpoint.key(), n));
        json.put("byEndpoint", endpoints);
        json.put("byGrantType", snapshot.byGrantType());
        Map<String, Object> users = new LinkedHashMap<>();
        snapshot.byUser().forEach((user, counts) -> {
            Map<String, Long> perEndpoint = new LinkedHashMap<>();
            counts.forEach((endpoint, n) -> perEndpoint.put(endpoint.key(), n));
            users.put(user, perEndpoint);
        });
        json.put("byUser", users);
        return ControlResponse.ok(json);
    }

    ControlResponse resetCounters() {
        sim.counters().reset();
        return ControlResponse.noContent();
    }

    /** {@code {"limitPerHour", "byUser": {username: logins in the last hour}}}, users with at least one. */
    ControlResponse logins() {
        Map<String, Integer> byUser = new TreeMap<>();
        sim.orgs().forEach(org -> org.users().forEach(user -> {
            int logins = sim.loginsInLastHour(user);
            if (logins > 0) {
                byUser.put(user.username(), logins);
            }
        }));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("limitPerHour", sim.settings().loginRatePerHour());
        json.put("byUser", byUser);
        return ControlResponse.ok(json);
    }

    ControlResponse resetLogins() {
        sim.resetLoginRate();
        return ControlResponse.noContent();
    }

    /**
     * Counts only: live sessions {@code {"live", "byGrantType", "byApp" (consumer key), "byUser"}}, and
     * live approvals (refresh-token grants, Salesforce's documented behaviour) under {@code "grants"} the same way.
     */
    ControlResponse sessions() {
        Map<String, Object> json = counts(sim.liveSessions(), SimSession::grantType, s -> s.app().consumerKey(),
                s -> s.user().username());
        json.put("grants", counts(liveGrants(), SimGrant::grantType, g -> g.app().consumerKey(), g -> g.user().username()));
        return ControlResponse.ok(json);
    }

    private List<SimGrant> liveGrants() {
        List<SimConnectedApp> apps = sim.orgs().stream().flatMap(org -> org.connectedApps().stream()).toList();
        List<SimGrant> grants = new ArrayList<>();
        sim.orgs().forEach(org -> org.users().forEach(user -> apps.forEach(app -> grants.addAll(sim.grants(user, app)))));
        return grants;
    }

    private static <T> Map<String, Object> counts(List<T> items, Function<T, String> grantType, Function<T, String> app,
                                                  Function<T, String> user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("live", items.size());
        json.put("byGrantType", count(items, grantType));
        json.put("byApp", count(items, app));
        json.put("byUser", count(items, user));
        return json;
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1L, Long::sum));
        return counts;
    }
}
