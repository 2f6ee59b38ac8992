package dev.sfbroker.token;

import dev.sfbroker.access.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection's access token: the stored one while it is not due for renewal, otherwise a new one
 * from the connection's grant, stored before it is served.
 *
 * <p>Terminal and misconfiguration failures block the connection on first sight, so the broker stops calling
 * Salesforce for it (a retry cannot succeed and would spend the user's login-rate budget). Transient failures
 * leave the connection active and keep serving the current token while it is still valid.
 */
public final class TokenService {
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final ConnectionStore store;
    private final Map<Flow, TokenGrant> grants = new EnumMap<>(Flow.class);
    private final RenewalPolicy renewal;
    private final Clock clock;

    public TokenService(ConnectionStore store, List<TokenGrant> grants, RenewalPolicy renewal, Clock clock) {
        this.store = Objects.requireNonNull(store);
        grants.forEach(grant -> this.grants.put(grant.flow(), grant));
        this.renewal = Objects.requireNonNull(renewal);
        this.clock = Objects.requireNonNull(clock);
    }

    public TokenSet tokenFor(String connectionId, Caller caller) {
        Connection connection = store.find(connectionId).orElseThrow(() -> new ConnectionNotFoundException(connectionId));
        if (!connection.allows(caller)) {
            throw new AccessDeniedException(caller, connectionId);
        }
        if (!connection.state().mayCallSalesforce()) {
            throw new TokenUnavailableException(connectionId, connection.lastFailure());
        }
        Instant now = clock.instant();
        Optional<TokenSet> current = connection.currentToken();
        if (current.isPresent() && !renewal.isDue(connection, current.get(), now)) {
            return current.get();
        }
        return renew(connection, current, now);
    }

    private TokenSet renew(Connection connection, Optional<TokenSet> current, Instant now) {
        TokenGrant grant = grants.get(connection.flow());
        try {
            TokenSet token = renewal.predict(connection, grant.obtain(connection));
            if (!store.replaceToken(connection, token)) {
                // another instance renewed first; our token is valid too, but serve the stored one so all callers agree
                return store.find(connection.id()).flatMap(Connection::currentToken).filter(t -> t.isValidAt(now)).orElse(token);
            }
            LOG.info("renewed token for connection {} (flow {}), predicted expiry {}", connection.id(),
                    connection.flow().wireName(), token.expiresAt());
            return token;
        } catch (GrantFailedException e) {
            return onFailure(connection, current, now, e.failure());
        }
    }

    private TokenSet onFailure(Connection connection, Optional<TokenSet> current, Instant now, Failure failure) {
        ConnectionState blockedAs = failure.failureClass().blocksConnectionAs();
        LOG.warn("token renewal for connection {} failed: {} {} ({})", connection.id(), failure.salesforceError(),
                failure.salesforceDescription(), failure.failureClass());
        if (blockedAs != null) {
            store.block(connection, blockedAs, failure);
            throw new TokenUnavailableException(connection.id(), failure);
        }
        return current.filter(token -> token.isValidAt(now))
                .orElseThrow(() -> new TokenUnavailableException(connection.id(), failure));
    }
}
