package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.policy.ConnectedAppSettings;
import dev.sfbroker.policy.ConnectedApplicationRow;
import dev.sfbroker.policy.OauthTokenRow;
import dev.sfbroker.policy.OrgAdminReader;
import dev.sfbroker.token.Secret;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads an org's connected app policy for the audit: {@code OauthToken} and {@code ConnectedApplication} through
 * SOQL on the REST API, and the {@code ConnectedApp} metadata through the Metadata API's SOAP
 * {@code readMetadata}. Each call is bounded by the request timeout; the access token goes only to the instance
 * URL it is given for, and into no message.
 */
public final class SalesforceOrgAdminReader implements OrgAdminReader {
    /**
     * One version for every call. The metadata switches the audit reads appeared up to v60.0
     * ({@code isRefreshTokenRotationEnabled}); an older version would silently leave them out.
     */
    public static final String API_VERSION = "62.0";

    private final SoqlClient soql;
    private final MetadataClient metadata;

    public SalesforceOrgAdminReader(Duration connectTimeout, Duration requestTimeout, JsonMapper json) {
        AdminHttp http = new AdminHttp(connectTimeout, requestTimeout);
        this.soql = new SoqlClient(http, json, API_VERSION);
        this.metadata = new MetadataClient(http, API_VERSION);
    }

    @Override
    public ConnectedAppSettings connectedApp(String instanceUrl, Secret accessToken, String fullName) throws AdminReadException {
        return metadata.readConnectedApp(instanceUrl, accessToken, fullName);
    }

    @Override
    public Optional<Duration> orgSessionTimeout(String instanceUrl, Secret accessToken) throws AdminReadException {
        return metadata.readOrgSessionTimeout(instanceUrl, accessToken);
    }

    @Override
    public List<OauthTokenRow> oauthTokens(String instanceUrl, Secret accessToken) throws AdminReadException {
        return soql.selectAll(instanceUrl, accessToken, "OauthToken", SObjectRows.OAUTH_TOKEN_FIELDS, SObjectRows::oauthToken);
    }

    @Override
    public List<ConnectedApplicationRow> connectedApplications(String instanceUrl, Secret accessToken) throws AdminReadException {
        return soql.selectAll(instanceUrl, accessToken, "ConnectedApplication", SObjectRows.CONNECTED_APPLICATION_FIELDS,
                SObjectRows::connectedApplication);
    }
}
