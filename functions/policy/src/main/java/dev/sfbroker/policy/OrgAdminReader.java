package dev.sfbroker.policy;

import dev.sfbroker.token.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the Connected App policy audit reads from a Salesforce org, as a user allowed to see it (API access;
 * "Customize Application" to see every user's {@code OauthToken} rows, not only its own).
 */
public interface OrgAdminReader {

    /**
     * The connected app with that API name ({@code fullName}), from the Metadata API.
     *
     * @throws AdminReadException {@link AdminReadException.Kind#NOT_FOUND} when the org has no app of that name
     */
    ConnectedAppSettings connectedApp(String instanceUrl, Secret accessToken, String fullName) throws AdminReadException;

    /** Every {@code OauthToken} row the user may see, oldest first, across all pages of the query. */
    /** The org's Session Settings timeout; empty when the org does not say. */
    Optional<Duration> orgSessionTimeout(String instanceUrl, Secret accessToken) throws AdminReadException;

    List<OauthTokenRow> oauthTokens(String instanceUrl, Secret accessToken) throws AdminReadException;

    /** Every connected app of the org, and every external client app installed in it. */
    List<ConnectedApplicationRow> connectedApplications(String instanceUrl, Secret accessToken) throws AdminReadException;
}
