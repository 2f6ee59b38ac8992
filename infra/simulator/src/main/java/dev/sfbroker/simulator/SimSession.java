package dev.sfbroker.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A session behind an access token. It expires after {@link #timeout()} of inactivity; every
 * successful use through the REST API resets the timer. Thread safe.
 * {@link #toString()} never shows the token.
 */
public final class SimSession {

    private final String accessToken;
    private final SimUser user;
    private final SimConnectedApp app;
    private final String grantType;
    private final List<String> scopes;
    private final Instant issuedAt;
    private final Duration timeout;
    private final SimGrant grant;
    private volatile Instant lastActivity;
    private volatile boolean revoked;

    SimSession(String accessToken, SimUser user, SimConnectedApp app, String grantType, List<String> scopes,
               Instant issuedAt, Duration timeout, SimGrant grant) {
        this.accessToken = accessToken;
        this.user = user;
        this.app = app;
        this.grantType = grantType;
        this.scopes = List.copyOf(scopes);
        this.issuedAt = issuedAt;
        this.timeout = timeout;
        this.lastActivity = issuedAt;
        this.grant = grant;
    }

    /** The access token. A secret: do not log it. */
    public String accessToken() {
        return accessToken;
    }

    public SimUser user() {
        return user;
    }

    public SimOrg org() {
        return user.org();
    }

    public SimConnectedApp app() {
        return app;
    }

    /** The grant that created the session, e.g. {@code urn:ietf:params:oauth:grant-type:jwt-bearer}. */
    public String grantType() {
        return grantType;
    }

    /** The approval (refresh-token grant) the session was issued from; empty for a JWT bearer session, unless JWT exchanges take approval slots. */
    public Optional<SimGrant> grant() {
        return Optional.ofNullable(grant);
    }

    public List<String> scopes() {
        return scopes;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** The inactivity timeout fixed when the session was created. */
    public Duration timeout() {
        return timeout;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    /** When the session expires if it is not used again. */
    public Instant expiresAt() {
        return lastActivity.plus(timeout);
    }

    public boolean isRevoked() {
        return revoked;
    }

    /** Live: not revoked and {@code now} before {@link #expiresAt()}. */
    public boolean isActiveAt(Instant now) {
        return !revoked && now.isBefore(expiresAt());
    }

    /** Ends the session: its token gets 401 from now on. */
    public void revoke() {
        revoked = true;
    }

    /** Resets the inactivity timer (never moves it back). */
    void touch(Instant now) {
        if (now.isAfter(lastActivity)) {
            lastActivity = now;
        }
    }

    @Override
    public String toString() {
        return "SimSession[user=" + user.username() + ", app=" + app.name() + ", expiresAt=" + expiresAt()
                + (revoked ? ", revoked" : "") + "]";
    }
}
