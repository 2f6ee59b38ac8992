package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SalesforceHostsTest {
    private final SalesforceHosts hosts = new SalesforceHosts(List.of(" http://127.0.0.1:8081 ", ""));

    @ParameterizedTest
    @ValueSource(strings = {"login", "test", "https://login.salesforce.com", "acme.my.salesforce.com",
            "https://acme--uat.sandbox.my.salesforce.com/", "acme-dev-ed.develop.my.salesforce.com", "acme.my.site.com",
            "agency.my.salesforce.mil", "HTTPS://ACME.MY.SALESFORCE.COM", "acme--uat.sandbox.my.site.com",
            "acme-scratch.scratch.my.salesforce.com"})
    void acceptsSalesforceLoginHosts(String host) {
        assertThat(hosts.loginHost(host, null).url().getScheme()).isEqualTo("https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://login.salesforce.com", "https://attacker@login.salesforce.com", "https://login.salesforce.com:8443",
            "https://login.salesforce.com:443", "login.salesforce.com.evil.example", "https://evil.example/login.salesforce.com",
            "https://my.salesforce.com", "https://evilmy.salesforce.com", "https://10.0.0.1", "https://[::1]", "https://203.0.113.9",
            "https://acme.force.com", "https://acme.my.salesforce-sites.com", "https://acme.salesforce.com.", "http://127.0.0.1:8082",
            "https://127.0.0.1:8081", "ftp://login.salesforce.com", "not a url", "https://acme.my.salesforce-setup.com",
            "https://acme.lightning.force.com", "https://acme--c.vf.force.com", "https://acme.file.force.com",
            "https://welcome.salesforce.com"})
    void refusesAnyOtherHost(String host) {
        assertThatThrownBy(() -> hosts.loginHost(host, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("login host");
    }

    @Test
    void theAudienceFollowsFromTheHost() {
        assertThat(hosts.loginHost("acme.my.salesforce.com", null).audience()).isEqualTo(LoginHost.PRODUCTION_AUDIENCE);
        assertThat(hosts.loginHost("acme--uat.sandbox.my.salesforce.com", null).audience()).isEqualTo(LoginHost.SANDBOX_AUDIENCE);
        assertThat(hosts.loginHost("test", LoginHost.SANDBOX_AUDIENCE).audience()).isEqualTo(LoginHost.SANDBOX_AUDIENCE);
        assertThat(hosts.loginHost("acme.my.site.com", "https://acme.my.site.com/customers").audience())
                .isEqualTo("https://acme.my.site.com/customers");
    }

    @Test
    void aProductionAudienceNeverGoesToASandboxHostNorTheOtherWayRound() {
        assertThatThrownBy(() -> hosts.loginHost("test", LoginHost.PRODUCTION_AUDIENCE)).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> hosts.loginHost("acme--uat.sandbox.my.salesforce.com", LoginHost.PRODUCTION_AUDIENCE))
                .hasMessageContaining("does not go with");
        assertThatThrownBy(() -> hosts.loginHost("login", LoginHost.SANDBOX_AUDIENCE)).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> hosts.loginHost("acme.my.salesforce.com", "https://evil.example")).hasMessageContaining("does not go with");
    }

    @Test
    void anExtraHostIsAllowedAsConfiguredWithAnyAudience() {
        assertThat(hosts.loginHost("http://127.0.0.1:8081", LoginHost.SANDBOX_AUDIENCE))
                .isEqualTo(new LoginHost(java.net.URI.create("http://127.0.0.1:8081"), LoginHost.SANDBOX_AUDIENCE));
        assertThatThrownBy(() -> SalesforceHosts.salesforceOnly().loginHost("http://127.0.0.1:8081", null))
                .hasMessageContaining("not a Salesforce login host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com", "http://127.0.0.1:8081",
            "https://agency.my.salesforce.mil"})
    void trustsInstanceUrlsOnSalesforceDomains(String instanceUrl) {
        assertThat(hosts.trusts(instanceUrl)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://acme.my.salesforce.com", "https://acme.my.salesforce.com.evil.example", "https://x@acme.my.salesforce.com",
            "https://acme.my.salesforce.com:444", "https://evil.example", "http://127.0.0.1:9999", "mailto:a@acme.my.salesforce.com",
            "not a url", ""})
    void distrustsAnyOtherInstanceUrl(String instanceUrl) {
        assertThat(hosts.trusts(instanceUrl)).isFalse();
    }
}
