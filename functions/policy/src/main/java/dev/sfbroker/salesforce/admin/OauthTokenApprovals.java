package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.policy.ConnectedAppSecrets;
import dev.sfbroker.token.ApprovalsReader;
import dev.sfbroker.token.ApprovalsUnreadableException;
import dev.sfbroker.token.SalesforceApproval;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approvals from the {@code OauthToken} object through SOQL on the REST API (every page), a user's id from {@code User},
 * the reader's permission from {@code UserPermissionAccess}, and the app's label from the Metadata API. Values go into
 * the queries as escaped SOQL literals.
 */
public final class OauthTokenApprovals implements ApprovalsReader {
    private final SoqlClient soql;
    private final MetadataClient metadata;
    private final ConnectedAppSecrets secrets;

    public OauthTokenApprovals(Duration connectTimeout, Duration requestTimeout, JsonMapper json, ConnectedAppSecrets secrets) {
        AdminHttp http = new AdminHttp(connectTimeout, requestTimeout);
        this.soql = new SoqlClient(http, json, SalesforceOrgAdminReader.API_VERSION);
        this.metadata = new MetadataClient(http, SalesforceOrgAdminReader.API_VERSION);
        this.secrets = secrets;
    }

    @Override
    public List<SalesforceApproval> approvalsOf(TokenSet reader, String userId) throws ApprovalsUnreadableException {
        return read(() -> soql.selectWhere(reader.instanceUrl(), reader.accessToken(), "OauthToken", SObjectRows.APPROVAL_FIELDS,
                "UserId = " + SoqlClient.quoted(userId), SObjectRows::approval));
    }

    @Override
    public List<SalesforceApproval> approvalsOfApp(TokenSet reader, String appName) throws ApprovalsUnreadableException {
        return read(() -> soql.selectWhere(reader.instanceUrl(), reader.accessToken(), "OauthToken", SObjectRows.APPROVAL_FIELDS,
                "AppName = " + SoqlClient.quoted(appName), SObjectRows::approval));
    }

    @Override
    public Optional<String> userId(TokenSet reader, String username) throws ApprovalsUnreadableException {
        return read(() -> soql.selectWhere(reader.instanceUrl(), reader.accessToken(), "User", "Id",
                "Username = " + SoqlClient.quoted(username), record -> (String) record.get("Id")).stream().findFirst());
    }

    @Override
    public boolean seesEveryUsersApprovals(TokenSet reader) throws ApprovalsUnreadableException {
        return read(() -> soql.selectWhere(reader.instanceUrl(), reader.accessToken(), "UserPermissionAccess",
                "PermissionsCustomizeApplication", null,
                (Map<String, Object> record) -> Boolean.TRUE.equals(record.get("PermissionsCustomizeApplication")))
                .stream().anyMatch(Boolean::booleanValue));
    }

    @Override
    public Optional<String> appName(TokenSet reader, String credentialsRef) throws ApprovalsUnreadableException {
        Optional<String> apiName = secrets.appName(credentialsRef);
        if (apiName.isEmpty()) {
            return Optional.empty();
        }
        return read(() -> Optional.of(metadata.readConnectedApp(reader.instanceUrl(), reader.accessToken(), apiName.get()).label()));
    }

    /** One read from Salesforce, whose failure the domain sees as unreadable approvals (the message says why). */
    private interface AdminRead<T> {
        T read() throws AdminReadException;
    }

    private static <T> T read(AdminRead<T> read) throws ApprovalsUnreadableException {
        try {
            return read.read();
        } catch (AdminReadException e) {
            throw new ApprovalsUnreadableException(e.getMessage());
        }
    }
}
