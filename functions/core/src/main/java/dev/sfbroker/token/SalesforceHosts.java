package dev.sfbroker.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The only places the broker sends a key, a token or a code to, and the only instance URLs it hands out: https hosts
 * under Salesforce's own login domains, plus the base URLs an operator allow-lists explicitly
 * ({@code broker.salesforce.extra-hosts}: the simulator on a developer's machine and in tests, never in AWS).
 *
 * <p>Salesforce documents {@code login.salesforce.com} and {@code test.salesforce.com}, My Domain login hosts under
 * {@code my.salesforce.com} (production {@code acme.my.salesforce.com}, sandboxes
 * {@code acme--uat.sandbox.my.salesforce.com}, and the partitioned domains of other org types such as
 * {@code develop.my.salesforce.com}), Experience Cloud sites under {@code my.site.com}, and Government Cloud Plus
 * (Defense) under {@code my.salesforce.mil}. Legacy {@code force.com} and {@code salesforce-sites.com} hosts serve
 * customers' public pages and are no login endpoints since enhanced domains were enforced (Winter '24): refused.
 */
public final class SalesforceHosts {
    private static final Set<String> GENERIC_LOGIN_HOSTS = Set.of("login.salesforce.com", "test.salesforce.com");
    // Checked against Salesforce's My Domain URL formats: OAuth login lives only here; the Setup (my.salesforce-setup.com),
    // Lightning, Visualforce and content (*.force.com) hosts of the same org serve pages, never the token endpoint.
    private static final List<String> MY_DOMAIN_SUFFIXES = List.of(".my.salesforce.com", ".my.site.com", ".my.salesforce.mil");
    private static final String ALLOWED = "login, test, or an https host under my.salesforce.com, my.site.com or my.salesforce.mil";

    private final Set<URI> extraHosts;

    /** @param extraBaseUrls base URLs allowed besides Salesforce's own hosts, such as {@code http://127.0.0.1:8081} */
    public SalesforceHosts(Collection<String> extraBaseUrls) {
        this.extraHosts = extraBaseUrls.stream().map(String::trim).filter(url -> !url.isEmpty())
                .map(SalesforceHosts::extraHost).collect(Collectors.toUnmodifiableSet());
    }

    /** Salesforce's own hosts only. */
    public static SalesforceHosts salesforceOnly() {
        return new SalesforceHosts(List.of());
    }

    /**
     * The login host an operator asked for, if it is one: {@code login}, {@code test}, a host name or an https URL
     * (its path is dropped). The JWT audience follows from the host (production or sandbox); an explicit audience
     * must be that one, or, for an Experience Cloud site, a URL on the site's own host.
     *
     * @throws IllegalArgumentException saying what is allowed instead
     */
    public LoginHost loginHost(String host, String audience) {
        LoginHost parsed = LoginHost.of(host, null);
        URI url = parsed.url();
        if (extraHosts.contains(url)) {
            return LoginHost.of(host, audience);
        }
        if (!isSalesforce(url) || !GENERIC_LOGIN_HOSTS.contains(url.getHost()) && !isMyDomain(url.getHost())) {
            throw new IllegalArgumentException("login host '" + host + "' is not a Salesforce login host: use " + ALLOWED
                    + " (https only, no user info, no port)");
        }
        String implied = parsed.audience();
        if (audience == null || audience.isBlank() || audience.trim().equals(implied) || isSiteUrl(audience.trim(), url)) {
            return LoginHost.of(host, audience == null || audience.isBlank() ? implied : audience);
        }
        throw new IllegalArgumentException("audience '" + audience + "' does not go with login host " + url.getHost() + ": leave it out"
                + " (it is " + implied + " for this host), or name the Experience Cloud site the host serves");
    }

    /** Whether a token may be sent to {@code url}, or {@code url} handed to a caller as a Salesforce instance URL. */
    public boolean trusts(URI url) {
        return url != null && url.getRawAuthority() != null && (extraHosts.contains(origin(url)) || isSalesforce(url)
                && (GENERIC_LOGIN_HOSTS.contains(url.getHost()) || isMyDomain(url.getHost())));
    }

    /** {@link #trusts(URI)} for a URL as Salesforce sent it; false when it is no URL. */
    public boolean trusts(String url) {
        try {
            return url != null && trusts(new URI(url));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isSalesforce(URI url) {
        return "https".equals(url.getScheme()) && url.getRawUserInfo() == null && url.getPort() == -1 && url.getHost() != null;
    }

    private static boolean isMyDomain(String host) {
        return MY_DOMAIN_SUFFIXES.stream().anyMatch(suffix -> hasSubdomain(host, suffix));
    }

    // a label before the suffix, and the host a DNS name (an IP literal or a trailing dot never matches)
    private static boolean hasSubdomain(String host, String suffix) {
        return host.endsWith(suffix) && host.length() > suffix.length() && host.matches("[a-z0-9.-]+") && !host.startsWith(".");
    }

    private static boolean isSiteUrl(String audience, URI loginHost) {
        try {
            URI site = new URI(audience);
            return isSalesforce(site) && site.getHost().equals(loginHost.getHost()) && hasSubdomain(site.getHost(), ".my.site.com");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static URI origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return URI.create(scheme + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT));
    }

    private static URI extraHost(String baseUrl) {
        URI url = URI.create(baseUrl);
        if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("broker.salesforce.extra-hosts: '" + baseUrl + "' is not a base URL such as http://127.0.0.1:8081");
        }
        return origin(url);
    }
}
