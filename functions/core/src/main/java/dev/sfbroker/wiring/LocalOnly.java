package dev.sfbroker.wiring;

import java.util.Map;

/**
 * The local stand-ins (the development identity, the local cipher, local secrets) trust whoever runs the broker; in
 * Lambda they would let any caller name its own identity and keep keys in configuration. Each refuses to be built in
 * Lambda, so a function deployed with one fails at start-up instead.
 *
 * <p>Lambda is recognised by {@code AWS_LAMBDA_FUNCTION_NAME}, which the Lambda runtime always sets and a function's
 * configuration cannot. Micronaut's {@code function} and {@code lambda} environments are no such proof: Micronaut's
 * Lambda handlers add them wherever they run, including the tests that run the real handlers and deployable jars on
 * a developer's machine with the local cipher and secrets.
 */
public final class LocalOnly {
    static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

    private LocalOnly() {
    }

    /** @param setting the setting that chose the stand-in, such as {@code broker.encryption.mode=local} */
    public static void refuseInLambda(String setting) {
        refuseInLambda(setting, System.getenv());
    }

    static void refuseInLambda(String setting, Map<String, String> environment) {
        String function = environment.get(LAMBDA_FUNCTION_NAME);
        if (function != null && !function.isBlank()) {
            throw new IllegalStateException(setting + " is for a developer's machine and tests only; Lambda function '" + function
                    + "' refuses to start with it (use broker.identity.mode=iam, broker.encryption.mode=kms and"
                    + " broker.secrets.source=secrets-manager, as template.yaml sets them)");
        }
    }
}
