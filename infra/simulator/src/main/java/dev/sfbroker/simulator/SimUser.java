package dev.sfbroker.simulator;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A Salesforce user: globally unique username, active flag, profile and permission sets. Thread safe. */
public final class SimUser {

    /** The profile {@link SimOrg#addUser(String)} gives. */
    public static final String DEFAULT_PROFILE = "Integration User";

    private final SimOrg org;
    private final String id15;
    private final String id;
    private final String username;
    private final Set<String> permissionSets = ConcurrentHashMap.newKeySet();
    private volatile String profile;
    private volatile boolean active = true;
    private volatile boolean ipRestricted = false;
    private volatile boolean customizeApplication = false;
    private volatile boolean modifyMetadata = true;

    SimUser(SimOrg org, String id15, String username, String profile) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("a user needs a username");
        }
        this.org = org;
        this.id15 = id15;
        this.id = SalesforceIds.to18(id15);
        this.username = username;
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** The 18-character user id ({@code 005...}). */
    public String id() {
        return id;
    }

    public String id15() {
        return id15;
    }

    public String username() {
        return username;
    }

    public SimOrg org() {
        return org;
    }

    public boolean isActive() {
        return active;
    }

    /** Activates or deactivates the user; an inactive user's logins fail. */
    public SimUser active(boolean active) {
        this.active = active;
        return this;
    }

    public String profile() {
        return profile;
    }

    public SimUser profile(String profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        return this;
    }

    public Set<String> permissionSets() {
        return Collections.unmodifiableSet(Set.copyOf(permissionSets));
    }

    public SimUser addPermissionSet(String name) {
        permissionSets.add(Objects.requireNonNull(name, "name"));
        return this;
    }

    public SimUser removePermissionSet(String name) {
        permissionSets.remove(name);
        return this;
    }

    public boolean isIpRestricted() {
        return ipRestricted;
    }

    /**
     * Makes this user's logins fail as if the caller's IP were outside the allowed ranges or
     * outside login hours: {@code invalid_grant} / {@code IP restricted or invalid login hours},
     * unless the connected app's {@link IpRelaxation} lets the user through.
     */
    public SimUser ipRestricted(boolean restricted) {
        this.ipRestricted = restricted;
        return this;
    }

    /** Has the "Customize Application" permission: sees every user's {@code OauthToken} rows in the org. */
    public boolean hasCustomizeApplication() {
        return customizeApplication;
    }

    /** Grants or removes "Customize Application" (default false: the user sees only their own {@code OauthToken} rows). */
    public SimUser customizeApplication(boolean granted) {
        this.customizeApplication = granted;
        return this;
    }

    /** May use the Metadata API ("Modify Metadata Through Metadata API Functions"); default true. */
    public boolean hasModifyMetadata() {
        return modifyMetadata;
    }

    /** Grants or removes Metadata API use: without it {@code readMetadata} answers {@code sf:INSUFFICIENT_ACCESS}. */
    public SimUser modifyMetadata(boolean granted) {
        this.modifyMetadata = granted;
        return this;
    }

    boolean hasPermissionSet(String name) {
        return permissionSets.contains(name);
    }

    @Override
    public String toString() {
        return "SimUser[" + username + ", " + id + (active ? "" : ", inactive") + "]";
    }
}
