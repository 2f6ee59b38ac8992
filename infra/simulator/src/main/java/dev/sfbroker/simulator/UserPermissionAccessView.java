package dev.sfbroker.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code UserPermissionAccess} sObject: one row, the querying user's effective permissions. The simulator models
 * two of them: "Customize Application" (every user's {@code OauthToken} rows) and "Modify Metadata" (the Metadata
 * API). {@code Id} is always null, as in Salesforce.
 */
final class UserPermissionAccessView extends SObjectView {

    static final String NAME = "UserPermissionAccess";

    private static final List<Field> FIELDS = List.of(
            new Field("Id", SoqlType.ID),
            new Field("PermissionsCustomizeApplication", SoqlType.BOOLEAN),
            new Field("PermissionsModifyMetadata", SoqlType.BOOLEAN));

    UserPermissionAccessView() {
        super(NAME, FIELDS, 1, 1);
    }

    @Override
    List<Map<String, Object>> rows(SimUser viewer) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Id", null);
        row.put("PermissionsCustomizeApplication", viewer.hasCustomizeApplication());
        row.put("PermissionsModifyMetadata", viewer.hasModifyMetadata());
        return List.of(row);
    }
}
