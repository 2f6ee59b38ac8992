package dev.sfbroker.local;

import io.micronaut.context.ApplicationContext;
import java.io.File;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A function's deployable jar in a JVM of its own, started as Lambda starts it: configured only through the
 * environment variables template.yaml sets (pointed at the local world), running {@link LambdaInvoker}.
 */
public final class LambdaProcess {
    private static final Map<String, Path> invokerJars = new HashMap<>();

    private LambdaProcess() {
    }

    /** {@code java -cp <jar>:<invoker jar> LambdaInvoker <handler> <event> [--prime]}, with the Lambda environment. */
    public static ProcessBuilder of(Path jar, String handler, Path event, boolean prime, ApplicationContext local) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                // as Lambda's java21 runtime does: C1 only, the JIT's cheapest start
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", jar.toAbsolutePath() + File.pathSeparator + invokerJar(handler), LambdaInvoker.class.getName(), handler, event.toString()));
        if (prime) {
            command.add("--prime");
        }
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().putAll(environment(local));
        process.environment().putAll(lambdaRuntime(jar));
        return process;
    }

    /** The variables template.yaml sets, pointed at the local world (DynamoDB Local, local key and secrets). */
    public static Map<String, String> environment(ApplicationContext local) {
        return Map.ofEntries(
                Map.entry("MICRONAUT_ENVIRONMENTS", "lambda"),
                Map.entry("BROKER_STORE_CONNECTIONS_TABLE", local.getRequiredProperty("broker.store.connections-table", String.class)),
                Map.entry("BROKER_STORE_AUDIT_TABLE", local.getRequiredProperty("broker.store.audit-table", String.class)),
                Map.entry("BROKER_ENCRYPTION_MODE", "local"),
                Map.entry("BROKER_ENCRYPTION_LOCAL_KEY", local.getRequiredProperty("broker.encryption.local-key", String.class)),
                Map.entry("BROKER_SECRETS_SOURCE", "local"),
                Map.entry("BROKER_SECRETS_LOCAL_DIR", local.getRequiredProperty("broker.secrets.local-dir", String.class)),
                Map.entry("BROKER_IDENTITY_MODE", "iam"),
                Map.entry("BROKER_SALESFORCE_EXTRA_HOSTS", local.getRequiredProperty("broker.salesforce.extra-hosts", String.class)),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", local.getRequiredProperty("aws.services.dynamodb.endpoint-override", String.class)),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"));
    }

    /** What Lambda's runtime sets besides the template's variables: what tells the broker's logs and metrics they run in Lambda. */
    private static Map<String, String> lambdaRuntime(Path jar) {
        String function = "token-broker-" + jar.getFileName().toString().replace("-lambda.jar", "");
        return Map.of(
                "AWS_LAMBDA_FUNCTION_NAME", function,
                "AWS_LAMBDA_FUNCTION_VERSION", "1",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function,
                "AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/29/[1]local",
                "AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    }

    /** An HTTP API payload 2.0 event as API Gateway sends it for a SigV4-signed request. */
    public static String tokenRequest(String connection, String userArn) {
        String path = "/connections/" + connection + "/token";
        return """
                {"version":"2.0","routeKey":"GET /connections/{id}/token","rawPath":"%1$s","rawQueryString":"",
                 "headers":{"accept":"*/*","host":"r2d2c3po.execute-api.us-east-1.amazonaws.com","x-amz-date":"20261122T160000Z"},
                 "requestContext":{"accountId":"000000000000","apiId":"r2d2c3po",
                   "authorizer":{"iam":{"accessKey":"ASIAXAMPLE","accountId":"000000000000","callerId":"AROAEXAMPLE:session-1",
                     "principalOrgId":null,"userArn":"%2$s","userId":"AROAEXAMPLE:session-1"}},
                   "domainName":"r2d2c3po.execute-api.us-east-1.amazonaws.com","domainPrefix":"r2d2c3po",
                   "http":{"method":"GET","path":"%1$s","protocol":"HTTP/1.1","sourceIp":"203.0.113.10","userAgent":"test"},
                   "requestId":"BXbQ9hXgoAMEVXw=","routeKey":"GET /connections/{id}/token","stage":"$default",
                   "time":"22/Nov/2026:16:00:00 +0000","timeEpoch":1795363200000},
                 "pathParameters":{"id":"%3$s"},"isBase64Encoded":false}
                """.formatted(path, userArn, connection);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * {@link LambdaInvoker}'s classes, and the handler's when it is one of these tests' own (the bare baseline), in a jar
     * written once per handler: a class path of jars only, which class data sharing and the JDK's AOT cache require
     * (they refuse a non-empty directory on it).
     */
    private static synchronized Path invokerJar(String handler) throws Exception {
        Path written = invokerJars.get(handler);
        if (written == null) {
            Path classes = Path.of(LambdaInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            written = Files.createTempFile("lambda-invoker", ".jar");
            written.toFile().deleteOnExit();
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(written))) {
                for (String className : List.of(LambdaInvoker.class.getName(), handler)) {
                    Path folder = classes.resolve(className.substring(0, className.lastIndexOf('.')).replace('.', '/'));
                    String simpleName = className.substring(className.lastIndexOf('.') + 1);
                    if (!Files.isDirectory(folder)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, simpleName + "{.class,$*.class}")) {
                        for (Path file : files) {
                            jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                            jar.write(Files.readAllBytes(file));
                            jar.closeEntry();
                        }
                    }
                }
            }
            invokerJars.put(handler, written);
        }
        return written;
    }
}
