package dev.sfbroker.token;

import java.util.List;
import java.util.Optional;

/**
 * Salesforce's list of connected app approvals ({@code OauthToken}) and what it takes to read one user's: the user's id
 * and the app's name as the list shows them, and whether a reader may see other users' rows. Each call is made with a
 * reader's access token; a user always sees its own approvals, and every user's of its org with "Customize Application".
 *
 * @see ApprovalLimit
 */
public interface ApprovalsReader {

    /**
     * The approvals of one user, every connected app ({@code SELECT … FROM OauthToken WHERE UserId = '…'}), as far as the
     * reader may see them.
     *
     * @throws ApprovalsUnreadableException when Salesforce does not list them (no permission, no answer)
     */
    List<SalesforceApproval> approvalsOf(TokenSet reader, String userId) throws ApprovalsUnreadableException;

    /**
     * The approvals of one connected app by every user of the reader's org ({@code SELECT … FROM OauthToken WHERE AppName =
     * '…'}); only a reader that sees every user's approvals gets them all.
     */
    List<SalesforceApproval> approvalsOfApp(TokenSet reader, String appName) throws ApprovalsUnreadableException;

    /**
     * The id of the user with this username in the reader's org ({@code SELECT Id FROM User WHERE Username = '…'}); empty
     * when the org has none: usernames are unique across Salesforce, so the user belongs to another org.
     */
    Optional<String> userId(TokenSet reader, String username) throws ApprovalsUnreadableException;

    /** Whether the reader's user sees every user's approvals: it has "Customize Application" ({@code UserPermissionAccess}). */
    boolean seesEveryUsersApprovals(TokenSet reader) throws ApprovalsUnreadableException;

    /**
     * The connected app's name as Salesforce lists its approvals (the app's label), read through the Metadata API by the
     * API name its credentials secret gives ({@code connected_app}); empty when the secret gives none.
     */
    Optional<String> appName(TokenSet reader, String credentialsRef) throws ApprovalsUnreadableException;
}
