package dev.sfbroker.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code User} sObject: a row per user of the querying user's org. Internal orgs share users "Public Read Only" by
 * default, so every user sees every other; a user of another org is never listed. {@code Name} is the username, and
 * {@code CreatedDate} is not modelled (the simulator's clock at the query).
 */
final class UserView extends SObjectView {

    static final String NAME = "User";
    /** The REST API's default batch size. */
    static final int BATCH_SIZE = 2_000;

    private static final List<Field> FIELDS = List.of(
            new Field("Id", SoqlType.ID),
            new Field("Username", SoqlType.STRING),
            new Field("Name", SoqlType.STRING),
            new Field("IsActive", SoqlType.BOOLEAN),
            new Field("ProfileId", SoqlType.REFERENCE));

    UserView() {
        super(NAME, FIELDS, BATCH_SIZE, Integer.MAX_VALUE);
    }

    @Override
    List<Map<String, Object>> rows(SimUser viewer) {
        return viewer.org().users().stream().map(UserView::row).toList();
    }

    private static Map<String, Object> row(SimUser user) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Id", user.id());
        row.put("Username", user.username());
        row.put("Name", user.username());
        row.put("IsActive", user.isActive());
        row.put("ProfileId", null);
        return row;
    }
}
