package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.AdminReadException;
import dev.sfbroker.token.ApprovalsReader;
import dev.sfbroker.token.ApprovalsUnreadableException;
import dev.sfbroker.token.SalesforceApproval;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.List;

/** The approvals a user may see, from the {@code OauthToken} object through SOQL on the REST API, every page. */
public final class OauthTokenApprovals implements ApprovalsReader {
    private final SoqlClient soql;

    public OauthTokenApprovals(Duration connectTimeout, Duration requestTimeout, JsonMapper json) {
        this.soql = new SoqlClient(new AdminHttp(connectTimeout, requestTimeout), json, SalesforceOrgAdminReader.API_VERSION);
    }

    @Override
    public List<SalesforceApproval> approvals(TokenSet token) throws ApprovalsUnreadableException {
        try {
            return soql.selectAll(token.instanceUrl(), token.accessToken(), "OauthToken", SObjectRows.APPROVAL_FIELDS, SObjectRows::approval);
        } catch (AdminReadException e) {
            throw new ApprovalsUnreadableException(e.getMessage());
        }
    }
}
