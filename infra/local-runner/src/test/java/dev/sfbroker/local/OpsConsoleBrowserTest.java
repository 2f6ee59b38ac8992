package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.client.SignedRequests;
import dev.sfbroker.console.OpsConsole;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimEndpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The ops console in headless Chromium against the local broker and the Salesforce simulator. Skipped where Chromium
 * or chromedriver is not installed, unless {@code BROKER_REQUIRE_BROWSER_TESTS=true} (CI), which makes that a failure.
 * Screenshots of the main views go to {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsConsoleBrowserTest {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final String DEVELOPER = "arn:aws:iam::000000000000:role/local-developer";

    private static LocalBroker broker;
    private static WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path chromium = installed("chromium");
        Path driver = installed("chromedriver");
        boolean required = Boolean.parseBoolean(System.getenv("BROKER_REQUIRE_BROWSER_TESTS"));
        if (chromium == null || driver == null) {
            String missing = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
            if (required) {
                throw new IllegalStateException(missing + ", and BROKER_REQUIRE_BROWSER_TESTS=true");
            }
            Assumptions.abort(missing);
        }
        broker = LocalBroker.start(LocalPorts.anyFree());
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Path installed(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void theListRendersTheDemoConnectionsWithTheirHealth() throws Exception {
        fetchToken(LocalBroker.DEMO_CONNECTION);
        open();

        assertThat(row(LocalBroker.DEMO_CONNECTION).getText()).contains("ACTIVE", "jwt_bearer", "integration@demo.example");
        assertThat(row(LocalBroker.REFRESH_DEMO_CONNECTION).getText()).contains("refresh_token");
        screenshot("console-connections");
    }

    @Test
    @Order(2)
    void theCommandForADeployedBrokerServesThePageAndForwardsItsCallsSigned() throws Exception {
        try (OpsConsole console = new OpsConsole(URI.create(broker.brokerUrl()), 0, new SignedRequests("us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "test-secret"))))) {
            browser.get(console.url());
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(By.cssSelector("#connection-table tbody tr")).isEmpty());

            assertThat(row(LocalBroker.DEMO_CONNECTION).getText()).contains("ACTIVE");
        }
    }

    @Test
    @Order(3)
    void aUsernameAndASalesforceErrorContainingMarkupAreShownAsText() throws Exception {
        String username = "<img src=x onerror=document.title='owned'>@demo.example";
        String description = "<b>bold</b><script>document.title='owned'</script>";
        register("markup", username, "connected-apps/demo");
        broker.salesforce().faults().on(SimEndpoint.TOKEN).once()
                .failWith(400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}");
        ops("POST", "/ops/connections/markup/renew", "");
        open();

        WebElement row = row("markup");
        assertThat(row.getText()).contains(username, description);
        assertThat(row.findElements(By.tagName("img"))).isEmpty();
        assertThat(row.findElements(By.tagName("b"))).isEmpty();
        assertThat(browser.getTitle()).doesNotContain("owned");
    }

    @Test
    @Order(4)
    void revokingAGrantFromThePageMakesSalesforceRejectTheToken() throws Exception {
        register("console-grant", "integration@demo.example", "connected-apps/demo");
        String token = fetchToken("console-grant");
        assertThat(salesforceStatus(token)).isEqualTo(200);
        open();

        click("console-grant", "revokeGrant");
        browser.switchTo().alert().accept();

        waitForResult("Revoke grant console-grant → HTTP 200");
        assertThat(result()).contains("\"revoked_at_salesforce\": true");
        assertThat(row("console-grant").getText()).contains("REVOKED");
        assertThat(salesforceStatus(token)).isEqualTo(401);
    }

    @Test
    @Order(5)
    void theAuditTrailAndThePolicyAuditAreTables() throws Exception {
        open();
        row(LocalBroker.DEMO_CONNECTION).findElement(By.cssSelector("button[data-action=audit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        assertThat(browser.findElement(By.id("audit-table")).getText()).contains("FETCHED");
        screenshot("console-audit");

        browser.findElement(By.cssSelector("header nav button[data-view=policy]")).click();
        browser.findElement(By.id("policy-run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#policy-table tbody tr")).isEmpty());
        assertThat(browser.findElement(By.id("policy-table")).getText()).contains("jwt-certificate");
        screenshot("console-policy-audit");
    }

    @Test
    @Order(6)
    void anIncidentDryRunListsExactlyWhatTheRealRunThenRevokes() throws Exception {
        register("incident-a", "integration@demo.example", "connected-apps/demo");
        fetchToken("incident-a");
        open();
        browser.findElement(By.cssSelector("header nav button[data-view=incident]")).click();
        browser.findElement(By.id("incident-credentials-ref")).sendKeys("connected-apps/demo");

        browser.findElement(By.id("incident-dry-run")).click();
        waitForResult("Incident dry run → HTTP 200");
        List<String> listed = incidentRows();
        assertThat(listed).contains(LocalBroker.DEMO_CONNECTION, "incident-a").doesNotContain(LocalBroker.REFRESH_DEMO_CONNECTION);
        WebElement run = browser.findElement(By.id("incident-run"));
        assertThat(run.isEnabled()).isFalse();
        browser.findElement(By.id("incident-confirm")).sendKeys("revoke " + listed.size());
        screenshot("console-incident-dry-run");
        assertThat(run.isEnabled()).isTrue();
        run.click();

        waitForResult("Incident revocation → HTTP 200");
        assertThat(incidentRows()).containsExactlyElementsOf(listed);
        assertThat(result()).contains("\"dry_run\": false");
        for (String connection : List.of(LocalBroker.DEMO_CONNECTION, "incident-a")) {
            assertThat(ops("GET", "/ops/connections/" + connection, null).body()).contains("\"state\":\"REVOKED\"");
        }
    }

    @Test
    @Order(7)
    void anIncidentShowsTheGrantsTheBrokerDoesNotHoldAndWhereItCouldNotLook() throws Exception {
        HttpResponse<String> started = ops("POST", "/ops/connections/" + LocalBroker.REFRESH_DEMO_CONNECTION + "/authorization", "{}");
        Matcher authorize = Pattern.compile("\"authorize_url\":\"([^\"]+)\"").matcher(started.body());
        assertThat(authorize.find()).as(started.body()).isTrue();
        HttpResponse<String> authorised = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(authorize.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorised.statusCode()).as(authorised.body()).isEqualTo(200);
        approveOutsideTheBroker("Token Broker Web");
        open();
        browser.findElement(By.cssSelector("header nav button[data-view=incident]")).click();

        browser.findElement(By.id("incident-username")).sendKeys("integration@demo.example");
        browser.findElement(By.id("incident-dry-run")).click();
        waitForResult("Incident dry run → HTTP 200");
        List<WebElement> outside = browser.findElements(By.cssSelector("#incident-outside-table tbody tr"));
        assertThat(outside).singleElement().satisfies(row -> assertThat(row.getText())
                .contains("Token Broker Web", "integration@demo.example", "listed", "would be revoked"));
        assertThat(row(LocalBroker.REFRESH_DEMO_CONNECTION, "#incident-table").getText()).contains("listed");
        screenshot("console-incident-outside-grants");

        browser.findElement(By.id("incident-username")).clear();
        browser.findElement(By.id("incident-credentials-ref")).clear();
        browser.findElement(By.id("incident-credentials-ref")).sendKeys("connected-apps/demo-web");
        browser.findElement(By.id("incident-dry-run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("#incident-not-searched li")).isEmpty());
        assertThat(browser.findElement(By.id("incident-not-searched")).getText())
                .contains("every user of connected-apps/demo-web", "sees only its own user's approvals");
        assertThat(browser.findElements(By.cssSelector("#incident-outside-table tbody tr"))).isEmpty();
    }

    /** One more approval of the named app by the demo user, made by a client other than the broker. */
    private void approveOutsideTheBroker(String appName) throws Exception {
        SimConnectedApp app = broker.salesforce().orgs().stream().flatMap(org -> org.connectedApps().stream())
                .filter(candidate -> candidate.name().equals(appName)).findFirst().orElseThrow();
        String callback = broker.brokerUrl() + "/oauth/callback";
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(broker.salesforce().authorizeUrl()
                + "?response_type=code&client_id=" + encode(app.consumerKey()) + "&redirect_uri=" + encode(callback))).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(redirect.headers().firstValue("location").orElseThrow());
        assertThat(code.find()).isTrue();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(broker.salesforce().tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code.group(1) + "&redirect_uri="
                        + encode(callback) + "&client_id=" + encode(app.consumerKey()) + "&client_secret=" + encode(app.consumerSecret())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private WebElement row(String connection, String table) {
        return browser.findElement(By.cssSelector(table + " tbody tr[data-id='" + connection + "']"));
    }

    private void open() {
        browser.get(broker.brokerUrl() + "/console");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#connection-table tbody tr")).isEmpty());
    }

    private WebElement row(String connection) {
        return row(connection, "#connection-table");
    }

    private void click(String connection, String action) {
        row(connection).findElement(By.cssSelector("button[data-action=" + action + "]")).click();
    }

    private String result() {
        return browser.findElement(By.id("result")).getText();
    }

    private void waitForResult(String text) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), text));
    }

    private List<String> incidentRows() {
        return browser.findElements(By.cssSelector("#incident-table tbody tr")).stream().map(row -> row.getAttribute("data-id")).toList();
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void register(String id, String username, String credentialsRef) throws Exception {
        HttpResponse<String> registered = ops("POST", "/ops/connections", "{\"id\":\"" + id + "\",\"login_host\":\""
                + broker.salesforce().baseUrl() + "\",\"username\":\"" + username + "\",\"credentials_ref\":\""
                + credentialsRef + "\",\"allowed_principals\":[\"" + DEVELOPER + "\"],\"allow_ops_principal\":true}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private String fetchToken(String connection) throws Exception {
        HttpResponse<String> token = ops("GET", "/connections/" + connection + "/token", null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Matcher matcher = ACCESS_TOKEN.matcher(token.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private int salesforceStatus(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(broker.salesforce().baseUrl() + "/services/data/v62.0/limits"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> ops(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.brokerUrl() + path));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
