package dev.sfbroker.token;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The principals a connection may list: IAM role or user ARNs. A role matches its sessions when it calls, but a
 * session ARN ({@code arn:aws:sts::…:assumed-role/R/S}) is refused as a listed principal: it names one session,
 * which ends within hours, so listing it would grant a caller nobody can be again.
 */
public final class AllowedPrincipals {
    /** IAM's longest ARN. */
    public static final int MAX_ARN_LENGTH = 2048;
    private static final Pattern ROLE_OR_USER = Pattern.compile(
            "arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\\d{12}:(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    private static final Pattern SESSION = Pattern.compile("arn:(aws[\\w-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]+)/.*");

    private AllowedPrincipals() {
    }

    public static Set<String> require(Set<String> principals) {
        principals.forEach(AllowedPrincipals::requireRoleOrUser);
        return principals;
    }

    private static void requireRoleOrUser(String arn) {
        Matcher session = SESSION.matcher(arn);
        if (session.matches()) {
            throw new InvalidRequestException("allowed principal '" + arn + "' is one session of a role; list the role instead, "
                    + "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3) + " (it matches all its sessions)");
        }
        if (arn.length() > MAX_ARN_LENGTH || !ROLE_OR_USER.matcher(arn).matches()) {
            throw new InvalidRequestException("allowed principal '" + arn + "' is not an IAM role or user ARN; send ARNs such as "
                    + "arn:aws:iam::123456789012:role/sync-job or arn:aws:iam::123456789012:user/alice");
        }
    }
}
