package dev.sfbroker.simulator;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory of orgs, users and connected apps, with the indexes the endpoints look up by:
 * usernames (globally unique, case-insensitive) and consumer keys. Thread safe.
 */
final class SimModel {

    private final SimClock clock;
    private final SimSettings settings;
    private volatile String baseUrl = "http://127.0.0.1";
    private final ConcurrentHashMap<String, SimOrg> orgsById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SimUser> usersByUsername = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SimConnectedApp> appsByConsumerKey = new ConcurrentHashMap<>();

    SimModel(SimClock clock, SimSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    SimClock clock() {
        return clock;
    }

    SimSettings settings() {
        return settings;
    }

    String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    SimOrg addOrg(String name, OrgType type) {
        while (true) {
            SimOrg org = new SimOrg(this, SalesforceIds.newId15(SalesforceIds.ORG_PREFIX), name, type);
            if (orgsById.putIfAbsent(org.id(), org) == null) {
                return org;
            }
        }
    }

    Collection<SimOrg> orgs() {
        return Collections.unmodifiableCollection(orgsById.values());
    }

    Optional<SimOrg> org(String id) {
        return Optional.ofNullable(orgsById.get(SalesforceIds.to18(id)));
    }

    void registerUser(SimUser user) {
        if (usersByUsername.putIfAbsent(key(user.username()), user) != null) {
            throw new IllegalArgumentException("username already taken (usernames are global): " + user.username());
        }
    }

    Optional<SimUser> user(String username) {
        return username == null ? Optional.empty() : Optional.ofNullable(usersByUsername.get(key(username)));
    }

    /** Registers an app under a fresh consumer key; returns false if the key was taken. */
    boolean registerApp(SimConnectedApp app) {
        return appsByConsumerKey.putIfAbsent(app.consumerKey(), app) == null;
    }

    Optional<SimConnectedApp> app(String consumerKey) {
        return consumerKey == null ? Optional.empty() : Optional.ofNullable(appsByConsumerKey.get(consumerKey));
    }

    /** Forgets every org, user and connected app (the simulator's reset). */
    void clear() {
        orgsById.clear();
        usersByUsername.clear();
        appsByConsumerKey.clear();
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
