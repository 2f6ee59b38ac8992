package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoginHostTest {

    @Test
    void loginAndTestShorthands() {
        assertThat(LoginHost.of("login", null).tokenEndpoint()).hasToString("https://login.salesforce.com/services/oauth2/token");
        assertThat(LoginHost.of("test", null).audience()).isEqualTo(LoginHost.SANDBOX_AUDIENCE);
    }

    @Test
    void myDomainKeepsTheLoginAudienceAndSandboxMyDomainTheTestAudience() {
        assertThat(LoginHost.of("acme.my.salesforce.com", null))
                .isEqualTo(new LoginHost(java.net.URI.create("https://acme.my.salesforce.com"), LoginHost.PRODUCTION_AUDIENCE));
        assertThat(LoginHost.of("https://acme--uat.sandbox.my.salesforce.com/", null).audience()).isEqualTo(LoginHost.SANDBOX_AUDIENCE);
    }

    @Test
    void explicitAudienceWins() {
        assertThat(LoginHost.of("acme.my.salesforce.com", "https://acme.my.site.com/customers").audience())
                .isEqualTo("https://acme.my.site.com/customers");
    }

    @Test
    void readsTheOriginAndLeavesTrustToSalesforceHosts() {
        assertThat(LoginHost.of("http://127.0.0.1:8081/any/path", null).url()).hasToString("http://127.0.0.1:8081");
        assertThatThrownBy(() -> LoginHost.of("ftp://acme.my.salesforce.com", null)).hasMessageContaining("https");
    }
}
