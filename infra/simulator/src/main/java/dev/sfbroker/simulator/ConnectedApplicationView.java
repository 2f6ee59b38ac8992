package dev.sfbroker.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ConnectedApplication} sObject: a row per connected app of the querying user's
 * org, and per external client app installed in it. From the model: {@code Name} the app's name,
 * {@code OptionsAllowAdminApprovedUsersOnly} its Permitted Users policy, and the refresh-token
 * policy as {@code OptionsRefreshTokenValidityMetric} (true for {@code specific_inactivity}) and
 * {@code RefreshTokenValidityPeriod} (its N; null for {@code infinite} and {@code zero}, and the unit is
 * not shown). IP relaxation is not on this object. The creator, the mobile settings and the
 * options the simulator does not model are null or false; {@code LastModifiedDate} and
 * {@code SystemModstamp} are the creation date.
 */
final class ConnectedApplicationView extends SObjectView {

    static final String NAME = "ConnectedApplication";
    /** The REST API's default batch size. */
    static final int BATCH_SIZE = 2_000;

    private static final List<Field> FIELDS = List.of(
            new Field("Id", SoqlType.ID),
            new Field("Name", SoqlType.STRING),
            new Field("CreatedById", SoqlType.REFERENCE),
            new Field("CreatedDate", SoqlType.DATETIME),
            new Field("LastModifiedById", SoqlType.REFERENCE),
            new Field("LastModifiedDate", SoqlType.DATETIME),
            new Field("SystemModstamp", SoqlType.DATETIME),
            new Field("MobileSessionTimeout", SoqlType.PICKLIST),
            new Field("MobileStartUrl", SoqlType.URL),
            new Field("StartUrl", SoqlType.URL),
            new Field("PinLength", SoqlType.PICKLIST),
            new Field("OptionsAllowAdminApprovedUsersOnly", SoqlType.BOOLEAN),
            new Field("OptionsHasSessionLevelPolicy", SoqlType.BOOLEAN),
            new Field("OptionsRefreshTokenValidityMetric", SoqlType.BOOLEAN),
            new Field("RefreshTokenValidityPeriod", SoqlType.INT),
            new Field("OptionsCodeCredentialGuestEnabled", SoqlType.BOOLEAN),
            new Field("OptionsFullContentPushNotifications", SoqlType.BOOLEAN),
            new Field("OptionsIsInternal", SoqlType.BOOLEAN),
            new Field("OptionsTokenExchangeManageBitEnabled", SoqlType.BOOLEAN),
            new Field("NamedUserUvidTimeout", SoqlType.PICKLIST),
            new Field("UvidTimeout", SoqlType.PICKLIST));

    private final SimModel model;

    ConnectedApplicationView(SimModel model) {
        super(NAME, FIELDS, BATCH_SIZE, Integer.MAX_VALUE);
        this.model = model;
    }

    @Override
    List<Map<String, Object>> rows(SimUser viewer) {
        List<SimConnectedApp> visible = new ArrayList<>();
        for (SimOrg org : model.orgs()) {
            for (SimConnectedApp app : org.connectedApps()) {
                if (app.isInstalledIn(viewer.org())) {
                    visible.add(app);
                }
            }
        }
        return oldestFirst(visible, SimConnectedApp::createdDate, ConnectedApplicationView::row);
    }

    private static Map<String, Object> row(SimConnectedApp app) {
        RefreshTokenPolicy policy = app.refreshTokenPolicy();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Id", app.id());
        row.put("Name", app.name());
        row.put("CreatedById", null);
        row.put("CreatedDate", app.createdDate());
        row.put("LastModifiedById", null);
        row.put("LastModifiedDate", app.createdDate());
        row.put("SystemModstamp", app.createdDate());
        row.put("MobileSessionTimeout", null);
        row.put("MobileStartUrl", null);
        row.put("StartUrl", null);
        row.put("PinLength", null);
        row.put("OptionsAllowAdminApprovedUsersOnly", app.permittedUsers() == PermittedUsers.ADMIN_APPROVED_PREAUTHORIZED);
        row.put("OptionsHasSessionLevelPolicy", false);
        row.put("OptionsRefreshTokenValidityMetric", policy.measuredFromLastUse());
        row.put("RefreshTokenValidityPeriod", policy.period().isPresent() ? policy.period().getAsLong() : null);
        row.put("OptionsCodeCredentialGuestEnabled", false);
        row.put("OptionsFullContentPushNotifications", false);
        row.put("OptionsIsInternal", false);
        row.put("OptionsTokenExchangeManageBitEnabled", false);
        row.put("NamedUserUvidTimeout", null);
        row.put("UvidTimeout", null);
        return row;
    }
}
