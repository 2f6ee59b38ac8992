package dev.sfbroker.access;

import java.util.Collection;
import java.util.Objects;

/**
 * Who is asking: an IAM principal ARN (in AWS, taken from the API Gateway request context; locally, the
 * development identity).
 *
 * <p>A Lambda function or ECS task calls as an STS assumed-role session
 * ({@code arn:aws:sts::123456789012:assumed-role/sync-job/session}) while connections name the role
 * ({@code arn:aws:iam::123456789012:role/sync-job}), so both forms are compared as the same principal.
 * Role paths are dropped because session ARNs do not carry them.
 */
public record Caller(String principal) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
    }

    /** True when this caller is one of the allowed principals. */
    public boolean isAnyOf(Collection<String> allowedPrincipals) {
        String self = canonical(principal);
        return allowedPrincipals.stream().map(Caller::canonical).anyMatch(self::equals);
    }

    static String canonical(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            return arn;
        }
        String partition = parts[1];
        String account = parts[4];
        String resource = parts[5];
        if (parts[2].equals("sts") && resource.startsWith("assumed-role/")) {
            String role = resource.substring("assumed-role/".length()).split("/", 2)[0];
            return roleArn(partition, account, role);
        }
        if (parts[2].equals("iam") && resource.startsWith("role/")) {
            String role = resource.substring(resource.lastIndexOf('/') + 1);
            return roleArn(partition, account, role);
        }
        return arn;
    }

    private static String roleArn(String partition, String account, String role) {
        return "arn:" + partition + ":iam::" + account + ":role/" + role;
    }
}
