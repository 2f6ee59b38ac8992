package dev.sfbroker.token;

import java.util.Optional;

/**
 * Where connections and their tokens are kept. Every change is conditional on the version the caller
 * read, so two broker instances can never overwrite each other's token unseen.
 */
public interface ConnectionStore {

    Optional<Connection> find(String id);

    /** Stores a new connection; false if one with the same id exists. */
    boolean create(Connection connection);

    /** Stores {@code token} as the connection's current token; false if the connection changed since it was read. */
    boolean replaceToken(Connection readVersion, TokenSet token);

    /** Stops the broker calling Salesforce for the connection; false if it changed since it was read. */
    boolean block(Connection readVersion, ConnectionState state, Failure failure);
}
