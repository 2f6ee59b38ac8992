package dev.sfbroker.salesforce.admin;

import dev.sfbroker.policy.ConnectedApplicationRow;
import dev.sfbroker.policy.OauthTokenRow;
import dev.sfbroker.token.SalesforceApproval;
import dev.sfbroker.token.Secret;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Query records (JSON objects) as the audit's rows. */
final class SObjectRows {
    /** How the REST API writes a dateTime: {@code 2026-11-22T16:00:00.000+0000}, an offset without a colon. */
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    static final String OAUTH_TOKEN_FIELDS = "UserId, AppName, CreatedDate, LastUsedDate, UseCount, DeleteToken";
    /**
     * What the five-approvals check reads: {@code AccessToken} shows the start of the grant's refresh token, which
     * recognises a grant the broker holds; {@code DeleteToken} revokes a grant the broker does not hold.
     */
    static final String APPROVAL_FIELDS = "UserId, AppName, CreatedDate, LastUsedDate, AccessToken, DeleteToken";
    static final String CONNECTED_APPLICATION_FIELDS = "Id, Name, OptionsAllowAdminApprovedUsersOnly, "
            + "OptionsRefreshTokenValidityMetric, RefreshTokenValidityPeriod";

    private SObjectRows() {
    }

    /** The delete token is looked at, never kept: it revokes the grant, so it is as sensitive as the grant. */
    static OauthTokenRow oauthToken(Map<String, Object> record) {
        Object deleteToken = record.get("DeleteToken");
        return new OauthTokenRow(
                (String) record.get("UserId"),
                (String) record.get("AppName"),
                dateTime(record.get("CreatedDate")),
                dateTime(record.get("LastUsedDate")),
                record.get("UseCount") instanceof Number count ? count.longValue() : 0,
                deleteToken instanceof String token && !token.isEmpty());
    }

    static SalesforceApproval approval(Map<String, Object> record) {
        return new SalesforceApproval(
                (String) record.get("UserId"),
                (String) record.get("AppName"),
                dateTime(record.get("CreatedDate")),
                dateTime(record.get("LastUsedDate")),
                secret(record.get("AccessToken")),
                secret(record.get("DeleteToken")));
    }

    static ConnectedApplicationRow connectedApplication(Map<String, Object> record) {
        return new ConnectedApplicationRow(
                (String) record.get("Id"),
                (String) record.get("Name"),
                Boolean.TRUE.equals(record.get("OptionsAllowAdminApprovedUsersOnly")),
                Boolean.TRUE.equals(record.get("OptionsRefreshTokenValidityMetric")),
                record.get("RefreshTokenValidityPeriod") instanceof Number period ? period.intValue() : null);
    }

    private static Secret secret(Object value) {
        return value instanceof String text && !text.isEmpty() ? Secret.of(text) : null;
    }

    private static Instant dateTime(Object value) {
        return value == null ? null : OffsetDateTime.parse((String) value, SALESFORCE_DATETIME).toInstant();
    }
}
