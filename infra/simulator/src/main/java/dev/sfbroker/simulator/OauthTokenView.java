package dev.sfbroker.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code OauthToken} sObject: one row per live approval of a connected app, that is
 * per {@link SimGrant} with a refresh token; JWT approvals (made only under
 * {@link SimSettings#jwtTakesApprovalSlot()}) too when {@link SimSettings#jwtCreatesOauthTokenRow()}.
 * Revoked and evicted grants have no row. A user with "Customize Application" sees every user's rows
 * in the org; anyone else only their own. A query returns 500 records, then 500 per
 * {@code nextRecordsUrl}, up to 2,500; "No more records are returned after 2500" (the object reference).
 * {@code AccessToken} shows the first {@value #ACCESS_TOKEN_SHOWN} characters of the current refresh
 * token and {@code ...}: never the token itself. {@code Id} and {@code RequestToken} are always null.
 */
final class OauthTokenView extends SObjectView {

    static final String NAME = "OauthToken";
    /** Records per response and per {@code queryMore} (API 34.0 and later). */
    static final int BATCH_SIZE = 500;
    /** Rows one query returns at most; the others are left out, whatever {@code totalSize} could say. */
    static final int MAX_ROWS = 2_500;
    /** Characters of the refresh token shown in {@code AccessToken}. */
    static final int ACCESS_TOKEN_SHOWN = 15;

    private static final String APP_MENU_ITEM_PREFIX = "0DS";
    private static final List<Field> FIELDS = List.of(
            new Field("AccessToken", SoqlType.STRING),
            new Field("AppMenuItemId", SoqlType.REFERENCE),
            new Field("AppName", SoqlType.STRING),
            new Field("CreatedDate", SoqlType.DATETIME),
            new Field("DeleteToken", SoqlType.STRING),
            new Field("Id", SoqlType.ID),
            new Field("LastUsedDate", SoqlType.DATETIME),
            new Field("RequestToken", SoqlType.STRING),
            new Field("UseCount", SoqlType.INT),
            new Field("UserId", SoqlType.REFERENCE));

    private final SimModel model;
    private final GrantStore grants;
    private final SimSettings settings;

    OauthTokenView(SimModel model, GrantStore grants, SimSettings settings) {
        super(NAME, FIELDS, BATCH_SIZE, MAX_ROWS);
        this.model = model;
        this.grants = grants;
        this.settings = settings;
    }

    @Override
    List<Map<String, Object>> rows(SimUser viewer) {
        List<SimGrant> visible = new ArrayList<>();
        for (SimUser user : viewer.org().users()) {
            if (user != viewer && !viewer.hasCustomizeApplication()) {
                continue;
            }
            for (SimOrg org : model.orgs()) {
                for (SimConnectedApp app : org.connectedApps()) {
                    for (SimGrant grant : grants.grants(user, app)) {
                        if (grant.refreshToken().isPresent() || settings.jwtCreatesOauthTokenRow()) {
                            visible.add(grant);
                        }
                    }
                }
            }
        }
        return oldestFirst(visible, SimGrant::createdDate, OauthTokenView::row);
    }

    private static Map<String, Object> row(SimGrant grant) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("AccessToken", grant.refreshToken()
                .map(token -> token.substring(0, Math.min(ACCESS_TOKEN_SHOWN, token.length())) + "...").orElse(null));
        row.put("AppMenuItemId", SalesforceIds.to18(APP_MENU_ITEM_PREFIX + grant.app().id().substring(3, 15)));
        row.put("AppName", grant.app().name());
        row.put("CreatedDate", grant.createdDate());
        row.put("DeleteToken", grant.deleteToken());
        row.put("Id", null);
        row.put("LastUsedDate", grant.lastUsedDate());
        row.put("RequestToken", null);
        row.put("UseCount", grant.useCount());
        row.put("UserId", grant.user().id());
        return row;
    }
}
