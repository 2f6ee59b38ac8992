package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.secrets.ConnectedAppCredentials;
import dev.sfbroker.secrets.LocalFileCredentialsSource;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/connected-app/make-jwt-key.sh} as a user runs it: the key and certificate belong together, the key
 * never reaches the terminal, the next steps carry the user's values, and the secret it builds is one the broker reads,
 * with the {@code connected_app} the policy audit needs.
 */
class MakeJwtKeyScriptTest {
    private static final Path SCRIPT = script();

    @TempDir
    Path work;

    @Test
    void theNextStepsCarryTheUsersValuesAndNeverTheKey() throws Exception {
        Result made = make(work.resolve("key"));

        assertThat(made.exitCode()).as(made.stderr()).isZero();
        assertThat(made.stdout() + made.stderr()).doesNotContain("PRIVATE KEY");
        assertThat(made.stdout()).contains("Acme_Sync").contains("integration@acme.example").contains("acme-sandbox")
                .contains("arn:aws:iam::111122223333:role/acme-sync-job").contains("token-broker/connected-apps/acme")
                .contains("--secret-json '" + work.resolve("key").toRealPath() + "'")
                .contains("awscurl --service execute-api").contains("ops/connections").contains("connections/acme-sandbox/token")
                .contains("ops/policy-audit");
    }

    @Test
    void theSecretItBuildsIsReadByTheBrokerWithTheAppsNameAndAKeyThatMatchesTheCertificate() throws Exception {
        Path key = work.resolve("key");
        assertThat(make(key).exitCode()).isZero();

        Result secret = run(Map.of("CONSUMER_KEY", "3MVG9-consumer-key", "CONSUMER_SECRET", "consumer-secret", "CONNECTED_APP", "Acme_Sync"),
                "--secret-json", key.toString());

        assertThat(secret.exitCode()).as(secret.stderr()).isZero();
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("acme.json"), secret.stdout());
        ConnectedAppCredentials read = new LocalFileCredentialsSource(secrets, JsonMapper.createDefault()).load("acme");
        assertThat(read.consumerKey()).isEqualTo("3MVG9-consumer-key");
        assertThat(read.connectedAppName()).isEqualTo("Acme_Sync");
        assertThat(read.consumerSecret().reveal()).isEqualTo("consumer-secret");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pemBody(read.privateKey().orElseThrow().reveal())));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(key.resolve("certificate.crt"))));
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus()).isEqualTo(privateKey.getModulus());
    }

    @Test
    void withoutAConsumerSecretTheSecretHasNoneAndWithoutAConsumerKeyNothingIsPrinted() throws Exception {
        Path key = work.resolve("key");
        assertThat(make(key).exitCode()).isZero();

        Result jwtOnly = run(Map.of("CONSUMER_KEY", "3MVG9-consumer-key", "CONSUMER_SECRET", ""), "--secret-json", key.toString());
        Result noConsumerKey = run(Map.of(), "--secret-json", key.toString());

        assertThat(jwtOnly.stdout()).contains("\"connected_app\"").contains("TokenBroker").doesNotContain("consumer_secret");
        assertThat(noConsumerKey.exitCode()).isEqualTo(2);
        assertThat(noConsumerKey.stdout()).isEmpty();
        assertThat(noConsumerKey.stderr()).contains("CONSUMER_KEY");
    }

    @Test
    void aDirectoryInAGitWorkTreeThatGitDoesNotIgnoreIsRefused() throws Exception {
        Path repository = Files.createDirectories(work.resolve("repository"));
        assertThat(new ProcessBuilder("git", "init", "-q", repository.toString()).start().waitFor()).isZero();

        Result refused = make(repository.resolve("key"));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("not ignored");
        assertThat(repository.resolve("key")).doesNotExist();
    }

    private Result make(Path directory) throws IOException, InterruptedException {
        return run(Map.of("CONNECTED_APP", "Acme_Sync", "SF_USERNAME", "integration@acme.example", "CONNECTION_ID", "acme-sandbox",
                "LOGIN_HOST", "test", "CALLER_ROLE_ARN", "arn:aws:iam::111122223333:role/acme-sync-job",
                "SECRET_ID", "token-broker/connected-apps/acme"), directory.toString(), "30");
    }

    private Result run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
        builder.command().addAll(java.util.List.of(arguments));
        builder.environment().keySet().removeAll(java.util.List.of("CONSUMER_KEY", "CONSUMER_SECRET", "CONNECTED_APP"));
        builder.environment().putAll(environment);
        Path stdout = work.resolve("stdout-" + System.nanoTime());
        Path stderr = work.resolve("stderr-" + System.nanoTime());
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int exitCode = process.waitFor();
        return new Result(exitCode, Files.readString(stdout), Files.readString(stderr));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    }

    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("infra/connected-app/make-jwt-key.sh");
            if (Files.exists(script)) {
                return script;
            }
        }
        throw new IllegalStateException("infra/connected-app/make-jwt-key.sh not found above " + Path.of("").toAbsolutePath());
    }
}
