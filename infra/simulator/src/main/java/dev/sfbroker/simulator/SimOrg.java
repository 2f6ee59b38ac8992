package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Salesforce org: id, production or sandbox, active or not, optional My Domain, session timeout, and the
 * users and connected apps that belong to it. Its instance URL is the simulator's own base URL,
 * so REST calls made with its tokens reach the simulator. Thread safe.
 */
public final class SimOrg {

    /** Salesforce's default org session timeout. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(120);

    private final SimModel model;
    private final String id15;
    private final String id;
    private final String name;
    private final OrgType type;
    private final List<SimUser> users = new CopyOnWriteArrayList<>();
    private final List<SimConnectedApp> apps = new CopyOnWriteArrayList<>();
    private volatile String myDomainUrl;
    private volatile Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
    private volatile boolean active = true;

    SimOrg(SimModel model, String id15, String name, OrgType type) {
        this.model = model;
        this.id15 = id15;
        this.id = SalesforceIds.to18(id15);
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The 18-character org id ({@code 00D...}). */
    public String id() {
        return id;
    }

    /** The 15-character org id, the prefix of every access token of this org. */
    public String id15() {
        return id15;
    }

    public String name() {
        return name;
    }

    public OrgType type() {
        return type;
    }

    public boolean isSandbox() {
        return type == OrgType.SANDBOX;
    }

    /** {@code https://login.salesforce.com} or {@code https://test.salesforce.com}; the host of identity URLs and the JWT audience. */
    public String loginUrl() {
        return type.loginUrl();
    }

    /** The instance URL returned with tokens: the simulator's base URL. */
    public String instanceUrl() {
        return model.baseUrl();
    }

    public boolean isActive() {
        return active;
    }

    /** Inactive means locked, closed or suspended: every login to the org fails with {@code inactive_org}. */
    public SimOrg active(boolean active) {
        this.active = active;
        return this;
    }

    /** The My Domain URL, e.g. {@code https://acme.my.salesforce.com}, if set. */
    public Optional<String> myDomain() {
        return Optional.ofNullable(myDomainUrl);
    }

    /**
     * Sets the My Domain URL ({@code https://acme.my.salesforce.com}, or for a sandbox
     * {@code https://acme--uat.sandbox.my.salesforce.com}); null removes it.
     */
    public SimOrg myDomain(String url) {
        this.myDomainUrl = url == null ? null : stripTrailingSlash(url);
        return this;
    }

    /** The org-wide session timeout, combined with a connected app's own by {@link SimSettings#sessionTimeoutRule()}. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public SimOrg sessionTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a session timeout must be positive");
        }
        this.sessionTimeout = timeout;
        return this;
    }

    /** Adds an active user with profile {@value SimUser#DEFAULT_PROFILE}. Usernames are unique across all orgs. */
    public SimUser addUser(String username) {
        return addUser(username, SimUser.DEFAULT_PROFILE);
    }

    /** Adds an active user with the given profile. */
    public SimUser addUser(String username, String profile) {
        SimUser user = registeredUser(username, profile);
        users.add(user);
        return user;
    }

    /** Adds many active users with profile {@value SimUser#DEFAULT_PROFILE} at once (one copy of the user list, not one each). */
    public List<SimUser> addUsers(List<String> usernames) {
        List<SimUser> added = new ArrayList<>(usernames.size());
        for (String username : usernames) {
            added.add(registeredUser(username, SimUser.DEFAULT_PROFILE));
        }
        users.addAll(added);
        return added;
    }

    private SimUser registeredUser(String username, String profile) {
        SimUser user = new SimUser(this, SalesforceIds.newId15(SalesforceIds.USER_PREFIX), username, profile);
        model.registerUser(user);
        return user;
    }

    public List<SimUser> users() {
        return Collections.unmodifiableList(new ArrayList<>(users));
    }

    /** A connected app without a certificate (the JWT flow then fails with "invalid assertion"). */
    public SimConnectedApp addConnectedApp(String name) {
        return addConnectedApp(name, null);
    }

    /** A connected app with "Use digital signatures" and this PEM certificate. */
    public SimConnectedApp addConnectedApp(String name, String certificatePem) {
        while (true) {
            SimConnectedApp app = new SimConnectedApp(this,
                    SalesforceIds.newId15(SalesforceIds.CONNECTED_APP_PREFIX), name, Secrets.consumerKey(),
                    Secrets.consumerSecret());
            if (certificatePem != null) {
                app.certificate(certificatePem);
            }
            if (model.registerApp(app)) {
                apps.add(app);
                return app;
            }
        }
    }

    public List<SimConnectedApp> connectedApps() {
        return Collections.unmodifiableList(new ArrayList<>(apps));
    }

    SimModel model() {
        return model;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "SimOrg[" + name + ", " + id + ", " + type + (active ? "" : ", inactive") + "]";
    }
}
