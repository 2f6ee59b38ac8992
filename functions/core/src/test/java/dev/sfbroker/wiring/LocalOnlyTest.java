package dev.sfbroker.wiring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOnlyTest {

    @Test
    void aLocalStandInRefusesToStartInLambdaAndSaysWhatToUseInstead() {
        assertThatThrownBy(() -> LocalOnly.refuseInLambda("broker.encryption.mode=local",
                Map.of(LocalOnly.LAMBDA_RUNTIME_API, "127.0.0.1:9001", "AWS_LAMBDA_FUNCTION_NAME", "token-broker-TokenFunction")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broker.encryption.mode=local")
                .hasMessageContaining("'token-broker-TokenFunction' refuses to start")
                .hasMessageContaining("broker.encryption.mode=kms");
    }

    @Test
    void outsideLambdaItIsAllowedEvenWhereAJarRunsLocallyAsLambdaWould() {
        assertThatCode(() -> LocalOnly.refuseInLambda("broker.secrets.source=local",
                Map.of("MICRONAUT_ENVIRONMENTS", "lambda", "AWS_LAMBDA_FUNCTION_NAME", "token-broker-token-api")))
                .doesNotThrowAnyException();
    }
}
