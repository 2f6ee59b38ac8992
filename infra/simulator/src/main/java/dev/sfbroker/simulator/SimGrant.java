package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One approval of a connected app by a user, as an {@code OauthToken} row shows it: the refresh token (the current one, under rotation), a delete token for the revoke
 * endpoint, created and last-used dates, a use count, and the access tokens (sessions) issued from
 * it. Revoking it kills its refresh token and every one of its access tokens.
 * An authorization-code exchange that issues a refresh token creates one; so does a JWT bearer
 * exchange, without a refresh token, when {@link SimSettings#jwtTakesApprovalSlot()} is on.
 * Thread safe; {@link #toString()} never shows a token.
 */
public final class SimGrant {

    /** Why a grant was revoked. */
    public enum Revocation {
        /** Through the revoke endpoint or {@link #revoke()}. */
        REVOKED,
        /** The oldest of the user's approvals of the app when one more was made. */
        EVICTED,
        /** A rotated-out refresh token was presented again. */
        REFRESH_TOKEN_REUSED
    }

    /** Rotated-out refresh tokens remembered per grant for reuse detection; older ones read as unknown. */
    static final int REMEMBERED_PREDECESSORS = 1_000;

    private final GrantStore store;
    private final long id;
    private final SimUser user;
    private final SimConnectedApp app;
    private final String grantType;
    private final List<String> scopes;
    private final String deleteToken;
    private final Instant createdDate;
    private final ArrayDeque<String> predecessors = new ArrayDeque<>();
    private final List<SimSession> sessions = new ArrayList<>();
    private String refreshToken;
    private Instant lastUsedDate;
    private long useCount;
    private volatile Revocation revocation;

    SimGrant(GrantStore store, long id, SimUser user, SimConnectedApp app, String grantType, List<String> scopes,
             String refreshToken, String deleteToken, Instant createdDate) {
        this.store = store;
        this.id = id;
        this.user = user;
        this.app = app;
        this.grantType = grantType;
        this.scopes = List.copyOf(scopes);
        this.refreshToken = refreshToken;
        this.deleteToken = deleteToken;
        this.createdDate = createdDate;
        this.lastUsedDate = createdDate;
    }

    /**
     * The grant's number, unique within the simulator and rising in order of creation. Salesforce shows
     * no id ({@code OauthToken.Id} is always null, Salesforce's documented behaviour): this one names a grant in the control API.
     */
    public long id() {
        return id;
    }

    public SimUser user() {
        return user;
    }

    public SimConnectedApp app() {
        return app;
    }

    /** The grant type of the exchange that made the approval, e.g. {@code authorization_code}. */
    public String grantType() {
        return grantType;
    }

    public List<String> scopes() {
        return scopes;
    }

    /** The current refresh token; empty for a JWT grant. A secret: do not log it. */
    public synchronized Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** The {@code OauthToken.DeleteToken}: the revoke endpoint accepts it to revoke this grant. A secret. */
    public String deleteToken() {
        return deleteToken;
    }

    /** When the user approved the app; the start of a {@code specific_lifetime} policy. */
    public Instant createdDate() {
        return createdDate;
    }

    /** The last token issuance: the approval, then each successful refresh. */
    public synchronized Instant lastUsedDate() {
        return lastUsedDate;
    }

    /** Successful refresh-token exchanges: access tokens issued by the refresh token. */
    public synchronized long useCount() {
        return useCount;
    }

    /** The access tokens issued from this grant that were live when the newest was added, and the newest. */
    public synchronized List<SimSession> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * When the refresh token stops working under the app's current policy: empty if it does not
     * expire. A {@code zero} policy gives {@link #createdDate()}.
     */
    public Optional<Instant> refreshTokenExpiresAt() {
        return app.refreshTokenPolicy().expiresAt(createdDate, lastUsedDate());
    }

    public boolean isRevoked() {
        return revocation != null;
    }

    public Optional<Revocation> revocation() {
        return Optional.ofNullable(revocation);
    }

    /** Revokes the grant, as an admin or the user would: its refresh token and all its access tokens stop working. */
    public void revoke() {
        revoke(Revocation.REVOKED);
    }

    void revoke(Revocation reason) {
        List<SimSession> issued;
        List<String> tokens = new ArrayList<>();
        synchronized (this) {
            if (revocation != null) {
                return;
            }
            revocation = reason;
            issued = List.copyOf(sessions);
            tokens.addAll(predecessors);
            if (refreshToken != null) {
                tokens.add(refreshToken);
            }
        }
        issued.forEach(SimSession::revoke);
        store.forget(this, tokens);
    }

    /** Whether the refresh token works at {@code now} under the app's current policy. */
    boolean refreshTokenUsableAt(Instant now) {
        return app.refreshTokenPolicy().allows(createdDate, lastUsedDate(), now);
    }

    synchronized boolean isCurrentRefreshToken(String token) {
        return revocation == null && token.equals(refreshToken);
    }

    /**
     * Replaces {@code presented} with {@code next} (rotation, Salesforce's documented behaviour); false if {@code presented}
     * is no longer the current refresh token (another exchange rotated it first) or the grant is revoked.
     */
    boolean rotate(String presented, String next) {
        String forgotten = null;
        synchronized (this) {
            if (revocation != null || !presented.equals(refreshToken)) {
                return false;
            }
            predecessors.addLast(refreshToken);
            refreshToken = next;
            if (predecessors.size() > REMEMBERED_PREDECESSORS) {
                forgotten = predecessors.pollFirst();
            }
        }
        if (forgotten != null) {
            store.forget(this, List.of(forgotten));
        }
        return true;
    }

    /**
     * Adds a session issued from this grant, dropping the dead ones; a refresh also counts a use.
     * False (and the session revoked) if the grant was revoked meanwhile.
     */
    boolean addSession(SimSession session, boolean refresh, Instant now) {
        synchronized (this) {
            if (revocation == null) {
                sessions.removeIf(s -> !s.isActiveAt(now));
                sessions.add(session);
                if (refresh) {
                    useCount++;
                    lastUsedDate = now;
                }
                return true;
            }
        }
        session.revoke();
        return false;
    }

    @Override
    public String toString() {
        return "SimGrant[id=" + id + ", user=" + user.username() + ", app=" + app.name() + ", created=" + createdDate
                + (revocation == null ? "" : ", " + revocation) + "]";
    }
}
