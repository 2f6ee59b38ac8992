import dev.sfbroker.client.BrokerClient;
import dev.sfbroker.client.BrokerException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Fetch a Salesforce token from the broker with the Java client (SigV4 with your AWS credentials) and call Salesforce
 * with it. {@code send} applies the 401 rule: a rejected token is reported once and the call retried once.
 *
 * <pre>BROKER_URL=https://abc123.execute-api.eu-west-1.amazonaws.com AWS_REGION=eu-west-1 java -cp … TokenExample.java sync-prod</pre>
 */
public class TokenExample {
    public static void main(String[] args) throws Exception {
        String connection = args.length > 0 ? args[0] : "demo";
        BrokerClient broker = BrokerClient.builder(URI.create(System.getenv("BROKER_URL"))).build();
        try {
            HttpResponse<String> limits = broker.send(connection,
                    token -> HttpRequest.newBuilder(URI.create(token.instanceUrl() + "/services/data/v62.0/limits")),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("Salesforce answered " + limits.statusCode() + ": " + limits.body());
        } catch (BrokerException e) {
            System.err.println(e.error() + ": " + e.getMessage() + (e.fix() == null ? "" : "\nFix: " + e.fix()));
            System.exit(1);
        }
    }
}
