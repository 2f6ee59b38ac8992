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

/**
 * An HTTP server on 127.0.0.1 that behaves like Salesforce's OAuth token endpoint and a sliver of
 * its REST API, following {@code reference/salesforce-oauth.md}. Build the world with
 * {@link #addOrg(String)}, tune it with {@link #settings()}, move time with {@link #clock()},
 * and check traffic with {@link #counters()}. Thread safe; close it to free the port.
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

    private final SimClock clock = new SimClock();
    private final SimSettings settings = new SimSettings();
    private final SimCounters counters = new SimCounters();
    private final SimModel model = new SimModel(clock);
    private final SessionStore sessions = new SessionStore(clock);
    private final LoginRateLimiter loginRate = new LoginRateLimiter();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private SalesforceSimulator(int port, int threads, long startedNanos) {
        List<GrantHandler> grants = List.of(new JwtBearerGrant(model, sessions, loginRate, settings, counters));
        Router router = new Router(new TokenEndpoint(grants, counters), new RestApi(sessions, counters),
                new ControlApi(counters), counters);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HOST + ":" + port, e);
        }
        executor = Executors.newFixedThreadPool(threads, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        baseUrl = "http://" + HOST + ":" + server.getAddress().getPort();
        model.baseUrl(baseUrl);
        LOG.log(System.Logger.Level.INFO, "Salesforce simulator listening on {0} ({1} threads, started in {2} ms)",
                baseUrl, threads, (System.nanoTime() - startedNanos) / 1_000_000);
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

    public SimSettings settings() {
        return settings;
    }

    public SimClock clock() {
        return clock;
    }

    public SimCounters counters() {
        return counters;
    }

    /** Logins of the user in the last rolling hour, as the login-rate limit sees them (reference §5.2). */
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
        private int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

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

        /** Worker threads serving requests. Default: 4 per CPU, at least 8. */
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
