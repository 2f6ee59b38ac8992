package dev.sfbroker.token;

import java.net.URI;
import java.util.Locale;

/**
 * Where a connection logs in (the token endpoint's host) and the JWT audience that goes with it.
 *
 * <p>Salesforce documents the JWT {@code aud} as {@code https://login.salesforce.com} for production,
 * {@code https://test.salesforce.com} for sandboxes, or an Experience Cloud site URL; whether a My Domain
 * URL is accepted is not documented, so a My Domain login host keeps the login or test audience unless
 * the connection names another one.
 */
public record LoginHost(URI url, String audience) {

    public static final String PRODUCTION_AUDIENCE = "https://login.salesforce.com";
    public static final String SANDBOX_AUDIENCE = "https://test.salesforce.com";

    /**
     * Parses {@code login}, {@code test}, a host name such as {@code acme.my.salesforce.com}, or a URL.
     * This only reads the host: whether the broker may send anything there is {@link SalesforceHosts}' decision.
     *
     * @param audience the JWT audience, or null to derive it from the host
     */
    public static LoginHost of(String host, String audience) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("login host is required: login, test, a My Domain host, or an https URL");
        }
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        URI url = switch (trimmed) {
            case "login" -> URI.create(PRODUCTION_AUDIENCE);
            case "test" -> URI.create(SANDBOX_AUDIENCE);
            default -> parseUrl(trimmed);
        };
        String effectiveAudience = audience == null || audience.isBlank() ? defaultAudience(url) : audience.trim();
        return new LoginHost(url, effectiveAudience);
    }

    public URI tokenEndpoint() {
        return url.resolve("/services/oauth2/token");
    }

    public URI authorizeEndpoint() {
        return url.resolve("/services/oauth2/authorize");
    }

    public URI revokeEndpoint() {
        return url.resolve("/services/oauth2/revoke");
    }

    public URI introspectEndpoint() {
        return url.resolve("/services/oauth2/introspect");
    }

    private static URI parseUrl(String host) {
        URI url;
        try {
            url = URI.create(host.contains("://") ? host : "https://" + host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("login host '" + host + "' is not a host name or URL");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("login host '" + host + "' is not a host name or URL");
        }
        if (!url.getScheme().equals("https") && !url.getScheme().equals("http")) {
            throw new IllegalArgumentException("login host '" + host + "' must be an https URL");
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }

    private static String defaultAudience(URI url) {
        String name = url.getHost();
        boolean sandbox = name.equals("test.salesforce.com") || name.endsWith(".sandbox.my.salesforce.com")
                || name.endsWith(".sandbox.my.site.com");
        return sandbox ? SANDBOX_AUDIENCE : PRODUCTION_AUDIENCE;
    }
}
