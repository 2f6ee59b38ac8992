package dev.sfbroker.token;

/**
 * Which connections an incident revocation takes: every grant of a connected app (by the secret that holds its
 * credentials), of a Salesforce user, or of an org (its login host or instance URL). Given criteria must all match.
 */
public record IncidentSelector(String credentialsRef, String username, String org) {

    public IncidentSelector {
        if (blank(credentialsRef) && blank(username) && blank(org)) {
            throw new InvalidRequestException("name at least one of credentials_ref (the connected app's credentials secret), username or org");
        }
    }

    public boolean selects(Connection connection) {
        return (blank(credentialsRef) || credentialsRef.equals(connection.credentialsRef()))
                && (blank(username) || username.equalsIgnoreCase(connection.username()))
                && (blank(org) || sameOrg(connection));
    }

    private boolean sameOrg(Connection connection) {
        String wanted = org.endsWith("/") ? org.substring(0, org.length() - 1) : org;
        return wanted.equalsIgnoreCase(connection.loginHost().url().toString())
                || (connection.token() != null && wanted.equalsIgnoreCase(stripSlash(connection.token().instanceUrl())));
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
