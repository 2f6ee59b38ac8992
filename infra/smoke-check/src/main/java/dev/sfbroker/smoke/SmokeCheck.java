package dev.sfbroker.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The smoke check a user runs against their own deployment, as a caller of one connection: it fetches the token
 * through the API (SigV4-signed with the caller's credentials), calls Salesforce's REST API ({@code limits}) with it,
 * reports the token rejected (the broker renews a token at least a minute old, once; a younger one is answered as it
 * is), and calls Salesforce again with the token the report was answered with. It prints what it saw, each token by
 * fingerprint only, and exits 0 when every step worked, 1 at the first that did not.
 *
 * <p>Settings: {@code --api URL} (the stack's {@code TokenApiUrl}; or {@code TOKEN_BROKER_API}), {@code --connection ID}
 * ({@code TOKEN_BROKER_CONNECTION}), {@code --region} (else from the API's host name, else the SDK's region chain),
 * {@code --api-version} (Salesforce REST API version, {@value #DEFAULT_API_VERSION}). Credentials: the SDK's default
 * chain (environment, profile, SSO cache, container or instance role).
 */
public final class SmokeCheck {
    static final String DEFAULT_API_VERSION = "62.0";
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to check, and as whom. */
    public record Settings(URI api, String connection, String region, String apiVersion, AwsCredentialsProvider credentials) {
    }

    /** A step that did not work: what was asked and what came back. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SmokeCheck(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = settings(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new SmokeCheck(settings, System.out).run() ? 0 : 1);
    }

    /** @return true when every step worked */
    public boolean run() {
        out.println("Smoke check of " + settings.api() + " for connection " + settings.connection() + " (region " + settings.region() + ")");
        try {
            JsonNode token = step("1. GET connections/" + settings.connection() + "/token",
                    broker(SdkHttpMethod.GET, "connections/" + settings.connection() + "/token", null));
            out.println("   token " + token.path("fingerprint").asText() + " for " + token.path("instance_url").asText() + ", expires "
                    + token.path("expires_at").asText());
            callSalesforce("2.", token);
            JsonNode renewed = step("3. POST connections/" + settings.connection() + "/token/rejected",
                    broker(SdkHttpMethod.POST, "connections/" + settings.connection() + "/token/rejected",
                            JSON.writeValueAsString(Map.of("fingerprint", token.path("fingerprint").asText()))));
            String before = token.path("fingerprint").asText();
            String after = renewed.path("fingerprint").asText();
            out.println("   token " + after + (after.equals(before)
                    ? " (the same token: the broker renews a reported token once it is a minute old, so a client that reports"
                    + " every token cannot spend the user's logins)" : " (renewed)") + ", expires " + renewed.path("expires_at").asText());
            callSalesforce("4.", renewed);
            out.println("OK: the broker served a token Salesforce accepts, and answered the rejection report with a token Salesforce"
                    + " accepts.");
            return true;
        } catch (Failed e) {
            out.println("FAILED: " + e.getMessage());
            return false;
        } catch (IOException | SdkException e) {
            // SdkException: no credentials found, or none that could be resolved
            out.println("FAILED: " + e.getClass().getSimpleName() + (e.getMessage() == null ? " (no answer: is the URL right?)" : ": "
                    + e.getMessage()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("FAILED: interrupted");
            return false;
        }
    }

    private void callSalesforce(String number, JsonNode token) throws Failed, IOException, InterruptedException {
        URI limits = URI.create(token.path("instance_url").asText() + "/services/data/v" + settings.apiVersion() + "/limits");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(limits).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token.path("access_token").asText()).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = step(number + " GET " + limits + " with token " + token.path("fingerprint").asText(), response);
        JsonNode daily = answer.path("DailyApiRequests");
        out.println("   Salesforce accepted it: DailyApiRequests " + daily.path("Remaining").asText("?") + " of " + daily.path("Max").asText("?")
                + " remaining");
    }

    /** Prints the step and its HTTP status; a non-2xx answer fails it with the answer's body (the broker's errors hold no secret). */
    private JsonNode step(String what, HttpResponse<String> response) throws Failed, IOException {
        out.println(what + ": HTTP " + response.statusCode());
        if (response.statusCode() / 100 != 2) {
            throw new Failed(what + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A SigV4-signed call (service {@code execute-api}) to the broker's API. */
    private HttpResponse<String> broker(SdkHttpMethod method, String path, String body) throws IOException, InterruptedException {
        URI uri = settings.api().resolve(path);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(uri);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        var signed = signer.sign(request -> {
            request.identity(settings.credentials().resolveCredentials())
                    .request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region());
            if (body != null) {
                request.payload(ContentStreamProvider.fromUtf8String(body));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(35))
                .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        signed.request().forEachHeader((name, values) -> {
            // the HTTP client sets Host itself, from the same URI the signature covers
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Settings settings(String[] args, Map<String, String> environment) {
        String api = environment.get("TOKEN_BROKER_API");
        String connection = environment.get("TOKEN_BROKER_CONNECTION");
        String region = null;
        String apiVersion = DEFAULT_API_VERSION;
        List<String> arguments = List.of(args);
        for (int i = 0; i < arguments.size(); i += 2) {
            String name = arguments.get(i);
            if (i + 1 >= arguments.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = arguments.get(i + 1);
            switch (name) {
                case "--api" -> api = value;
                case "--connection" -> connection = value;
                case "--region" -> region = value;
                case "--api-version" -> apiVersion = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "; options: --api URL --connection ID"
                        + " [--region REGION] [--api-version " + DEFAULT_API_VERSION + "]");
            }
        }
        if (api == null || api.isBlank() || connection == null || connection.isBlank()) {
            throw new IllegalArgumentException("usage: SmokeCheck --api <TokenApiUrl output> --connection <id> [--region REGION]"
                    + " (or TOKEN_BROKER_API and TOKEN_BROKER_CONNECTION)");
        }
        URI base = URI.create(api.endsWith("/") ? api : api + "/");
        if (region == null) {
            Matcher host = EXECUTE_API_HOST.matcher(base.getHost() == null ? "" : base.getHost());
            region = host.matches() ? host.group(1) : DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        }
        return new Settings(base, connection, region, apiVersion, DefaultCredentialsProvider.builder().build());
    }
}
