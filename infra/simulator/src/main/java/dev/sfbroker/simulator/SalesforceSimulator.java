package dev.sfbroker.simulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An HTTP server on 127.0.0.1 that behaves like Salesforce's OAuth token endpoint and a sliver of
 * its REST API, following Salesforce's documented and observed behaviour. Build the world with
 * {@link #addOrg(String)}, tune it with {@link #settings()}, move time with {@link #clock()},
 * break it with {@link #faults()}, and check traffic with {@link #counters()}; the same over HTTP
 * under {@code /__sim/}. Thread safe; close it to free the port.
 *
 * <pre>{@code
 * try (SalesforceSimulator sim = SalesforceSimulator.start()) {
 *     ConnectedAppKeys keys = ConnectedAppKeys.generate();
 *     SimOrg org = sim.addOrg("acme");
 *     SimUser user = org.addUser("integration@acme.example");
 *     SimConnectedApp app = org.addConnectedApp("Token Broker", keys.certificatePem());
 *     app.preAuthorize(user);
 *     // POST sim.tokenUrl() with a JWT signed by keys.privateKey()
 * }
 * }</pre>
 */
public final class SalesforceSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SalesforceSimulator.class.getName());
    private static final String HOST = "127.0.0.1";
    /** {@link Builder#threads} value for a virtual thread per request. */
    private static final int VIRTUAL_THREADS = 0;
    /**
     * The JDK server's logger. It logs each request line, query string included, at FINE, and the
     * documented {@code GET /services/oauth2/revoke?token=} carries a token there: held
     * at INFO or coarser (and referenced here, so the level sticks), no token reaches a log.
     */
    private static final Logger JDK_SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

    static {
        Level level = JDK_SERVER_LOG.getLevel();
        if (level == null || level.intValue() < Level.INFO.intValue()) {
            JDK_SERVER_LOG.setLevel(Level.INFO);
        }
    }

    private final SimClock clock = new SimClock();
    private final SimSettings settings = new SimSettings();
    private final SimCounters counters = new SimCounters();
    private final SimModel model = new SimModel(clock, settings);
    private final SessionStore sessions = new SessionStore(clock);
    private final LoginRateLimiter loginRate = new LoginRateLimiter();
    private final GrantStore grantStore = new GrantStore(clock, settings);
    private final AuthorizationCodes authorizationCodes = new AuthorizationCodes();
    private final SimFaults faults = new SimFaults();
    private final QueryCursors queryCursors = new QueryCursors(clock);
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private SalesforceSimulator(int port, int threads, long startedNanos) {
        ClientCredentials clients = new ClientCredentials(model, settings);
        List<GrantHandler> grants = List.of(
                new JwtBearerGrant(model, sessions, grantStore, loginRate, settings, counters),
                new AuthorizationCodeGrant(clients, authorizationCodes, grantStore, sessions, settings, counters, clock),
                new RefreshTokenGrant(clients, grantStore, sessions, loginRate, settings, counters, clock));
        RestApi restApi = new RestApi(sessions, counters, new QueryEndpoint(
                List.of(new OauthTokenView(model, grantStore, settings), new ConnectedApplicationView(model), new UserView(),
                        new UserPermissionAccessView()), queryCursors));
        List<Route> routes = List.of(
                Route.exact(SimEndpoint.TOKEN, TokenEndpoint.PATH, new TokenEndpoint(grants, counters, settings)),
                Route.exact(SimEndpoint.AUTHORIZE, AuthorizeEndpoint.PATH,
                        new AuthorizeEndpoint(model, authorizationCodes, settings, counters)::handle),
                Route.exact(SimEndpoint.REVOKE, RevokeEndpoint.PATH, new RevokeEndpoint(sessions, grantStore, counters, clock)::handle),
                Route.exact(SimEndpoint.INTROSPECT, IntrospectEndpoint.PATH,
                        new IntrospectEndpoint(model, sessions, grantStore, settings, counters)::handle),
                Route.tree(SimEndpoint.REST_API, RestApi.PATH, restApi::handle),
                Route.tree(SimEndpoint.IDENTITY, IdentityEndpoint.PATH, new IdentityEndpoint(restApi, counters)::handle),
                Route.tree(SimEndpoint.METADATA, MetadataEndpoint.PATH, new MetadataEndpoint(sessions, counters)::handle));
        Router router = new Router(routes, new ControlApi(this), counters, new FaultInjector(faults));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HOST + ":" + port, e);
        }
        executor = threads == VIRTUAL_THREADS
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sf-simulator-", 1).factory())
                : Executors.newFixedThreadPool(threads, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        baseUrl = "http://" + HOST + ":" + server.getAddress().getPort();
        model.baseUrl(baseUrl);
        LOG.log(System.Logger.Level.INFO, "Salesforce simulator listening on {0} ({1}, started in {2} ms)",
                baseUrl, threads == VIRTUAL_THREADS ? "a virtual thread per request" : threads + " threads",
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** Starts on a free port. */
    public static SalesforceSimulator start() {
        return builder().start();
    }

    /** Starts on the given port (0 = a free one). */
    public static SalesforceSimulator start(int port) {
        return builder().port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash; also every org's instance URL. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code baseUrl() + "/services/oauth2/token"}. */
    public String tokenUrl() {
        return baseUrl + TokenEndpoint.PATH;
    }

    /** Adds a production org. */
    public SimOrg addOrg(String name) {
        return model.addOrg(name, OrgType.PRODUCTION);
    }

    public SimOrg addOrg(String name, OrgType type) {
        return model.addOrg(name, type);
    }

    public Collection<SimOrg> orgs() {
        return model.orgs();
    }

    /** An org by 15- or 18-character id. */
    public Optional<SimOrg> org(String id) {
        return model.org(id);
    }

    /** A user by username (case-insensitive, unique across orgs). */
    public Optional<SimUser> user(String username) {
        return model.user(username);
    }

    public Optional<SimConnectedApp> connectedApp(String consumerKey) {
        return model.app(consumerKey);
    }

    /** The session of an access token, live or not; empty once a dead session has been swept. */
    public Optional<SimSession> session(String accessToken) {
        return sessions.find(accessToken);
    }

    /** {@code baseUrl() + "/services/oauth2/authorize"}. */
    public String authorizeUrl() {
        return baseUrl + AuthorizeEndpoint.PATH;
    }

    /** {@code baseUrl() + "/services/oauth2/revoke"}. */
    public String revokeUrl() {
        return baseUrl + RevokeEndpoint.PATH;
    }

    /** {@code baseUrl() + "/services/oauth2/introspect"}. */
    public String introspectUrl() {
        return baseUrl + IntrospectEndpoint.PATH;
    }

    /** The user's live approvals (refresh-token grants) of the app, oldest first; at most five by default. */
    public List<SimGrant> grants(SimUser user, SimConnectedApp app) {
        return grantStore.grants(user, app);
    }

    /**
     * The user's approvals of the app, oldest first: the live ones and the latest
     * {@value GrantStore#ENDED_GRANTS_KEPT} that were revoked
     * ({@link SimGrant#revocation()}: revoked, evicted, or lost to a reused refresh token).
     */
    public List<SimGrant> grantHistory(SimUser user, SimConnectedApp app) {
        return grantStore.history(user, app);
    }

    /** The live grant of a refresh token: its current one, or a rotated-out one still remembered. */
    public Optional<SimGrant> grant(String refreshToken) {
        return grantStore.byRefreshToken(refreshToken);
    }

    public SimSettings settings() {
        return settings;
    }

    public SimClock clock() {
        return clock;
    }

    public SimCounters counters() {
        return counters;
    }

    /** The faults armed per endpoint: latency, failures, timeouts, lost responses, answers replaced after the call was applied. */
    public SimFaults faults() {
        return faults;
    }

    /** The live sessions (not expired, not revoked), any user and app. */
    public List<SimSession> liveSessions() {
        return sessions.liveSessions();
    }

    /**
     * Back to a just-started simulator on the same port: no orgs, users, apps, sessions or grants, default
     * settings, the system clock, zero counters, no faults, no recorded logins.
     */
    public void reset() {
        faults.clear();
        model.clear();
        sessions.clear();
        grantStore.clear();
        authorizationCodes.clear();
        queryCursors.clear();
        loginRate.reset();
        settings.reset();
        clock.reset();
        counters.reset();
    }

    /** Logins of the user in the last rolling hour, as the login-rate limit sees them. */
    public int loginsInLastHour(SimUser user) {
        return loginRate.loginsInWindow(user, clock.instant());
    }

    /** Forgets all recorded logins, so no user is rate limited. */
    public void resetLoginRate() {
        loginRate.reset();
    }

    /** Stops the server at once and frees the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.DEBUG, "Salesforce simulator on {0} stopped", baseUrl);
    }

    @Override
    public String toString() {
        return "SalesforceSimulator[" + baseUrl + "]";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sf-simulator-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Options for {@link SalesforceSimulator}. */
    public static final class Builder {

        private int port = 0;
        private int threads = VIRTUAL_THREADS;

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Serves requests on a fixed pool of this many platform threads instead of a virtual thread per
         * request (the default). With a pool, each call held by a latency or timeout fault occupies a thread.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = threads;
            return this;
        }

        public SalesforceSimulator start() {
            return new SalesforceSimulator(port, threads, System.nanoTime());
        }
    }
}
