package dev.sfbroker.wiring;

import java.util.Map;

/**
 * The local stand-ins (the development identity, the local cipher, local secrets) trust whoever runs the broker; in
 * Lambda they would let any caller name its own identity and keep keys in configuration. Each refuses to be built in
 * Lambda, so a function deployed with one fails at start-up instead.
 *
 * <p>Lambda is recognised by {@code AWS_LAMBDA_RUNTIME_API}, the address of the runtime API the execution environment
 * takes its events from: Lambda sets it, it is reserved (a function's configuration cannot set or clear it), and only
 * Lambda has one. Neither Micronaut's {@code function}/{@code lambda} environments nor {@code AWS_LAMBDA_FUNCTION_NAME}
 * are such proof: Micronaut's handlers add the environments wherever they run, and the tests that run the deployable
 * jars locally as Lambda would (with the local cipher and secrets) set the function name so that logs and metrics take
 * their Lambda form.
 */
public final class LocalOnly {
    static final String LAMBDA_RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";

    private LocalOnly() {
    }

    /** @param setting the setting that chose the stand-in, such as {@code broker.encryption.mode=local} */
    public static void refuseInLambda(String setting) {
        refuseInLambda(setting, System.getenv());
    }

    static void refuseInLambda(String setting, Map<String, String> environment) {
        String runtimeApi = environment.get(LAMBDA_RUNTIME_API);
        if (runtimeApi != null && !runtimeApi.isBlank()) {
            String function = environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "(unnamed)");
            throw new IllegalStateException(setting + " is for a developer's machine and tests only; Lambda function '" + function
                    + "' refuses to start with it (use broker.identity.mode=iam, broker.encryption.mode=kms and"
                    + " broker.secrets.source=secrets-manager, as template.yaml sets them)");
        }
    }
}
