package dev.sfbroker.salesforce;

import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Salesforce token-endpoint errors ({@code error} / {@code error_description}, HTTP 400) into a
 * {@link FailureClass}, a cause and a fix. The strings are the ones Salesforce sends on the wire
 *; {@code ErrorCatalogTest} shows each against the simulator.
 *
 * <p>Only refusals reach the catalog; {@link TokenAnswer} decides what is one. A refusal that says another request
 * with the same token is in flight is no verdict on the grant: its state is unknown until reconciled.
 *
 * <p>An {@code invalid_grant} the catalog does not know is treated as terminal: stopping costs one
 * re-authorisation, retrying blindly can cost the user's whole login-rate budget.
 */
public final class ErrorCatalog {

    /**
     * One catalog row; {@code descriptions} lists the wordings Salesforce uses (lower case), empty for any, and
     * {@code grants} the requests whose answer the row reads (one wording means different things for different grants).
     */
    private record Entry(String error, Set<String> descriptions, Set<GrantType> grants, FailureClass failureClass, String cause,
                         String fix) {
        Entry(String error, Set<String> descriptions, FailureClass failureClass, String cause, String fix) {
            this(error, descriptions, EnumSet.allOf(GrantType.class), failureClass, cause, fix);
        }

        Entry(String error, String description, FailureClass failureClass, String cause, String fix) {
            this(error, Set.of(description), failureClass, cause, fix);
        }

        boolean matches(GrantType grant, String error, String description) {
            return grants.contains(grant) && this.error.equals(error) && (descriptions.isEmpty() || descriptions.contains(description));
        }
    }

    private static final String IN_FLIGHT_CAUSE = "Salesforce refused this request because another token request with the"
            + " same refresh token (or authorization code) was still being processed: an earlier request whose answer the"
            + " broker did not wait for, or another client sharing the grant. This one was not applied, but the request in"
            + " flight may rotate the refresh token.";

    private static final Set<GrantType> REFRESH = EnumSet.of(GrantType.REFRESH_TOKEN);
    private static final Set<GrantType> REFRESH_AND_CODE = EnumSet.of(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE);
    private static final String RETRY_AFTER_FIX = " The grant itself is intact: once fixed, POST /ops/connections/{id}/retry.";
    private static final String REAUTHORISE = " Then re-authorise: POST /ops/connections/{id}/authorization and open the returned URL"
            + " as the integration user.";

    private static final List<Entry> ENTRIES = List.of(
            // the refresh-token and authorization-code flows first: the same error means something else there
            new Entry("invalid_grant", Set.of("expired access/refresh token"), REFRESH, FailureClass.TERMINAL,
                    "Salesforce no longer honours the stored refresh token: the grant has ended. The connected app's refresh token"
                            + " policy expired it (immediately, after a fixed lifetime, or after a time unused); a user or an admin"
                            + " revoked the app's access or blocked the app; the user approved the app a sixth time and Salesforce"
                            + " evicted this, the oldest grant; or another client presented a refresh token this grant had already"
                            + " rotated out, and Salesforce revoked the grant for reuse.",
                    "Look at the connected app's Refresh Token Policy (App Manager > Manage > Edit Policies; an integration"
                            + " needs 'Refresh token is valid until revoked'), the user's OAuth grants (Connected Apps OAuth Usage)"
                            + " and the broker's policy audit (GET /ops/policy-audit), and make sure no other client uses this"
                            + " grant." + REAUTHORISE),
            new Entry("invalid_grant", Set.of("invalid authorization code"), EnumSet.of(GrantType.AUTHORIZATION_CODE), FailureClass.TERMINAL,
                    "Salesforce did not accept the authorisation code: it was exchanged already (the callback was delivered"
                            + " twice), belongs to another connected app, or is unknown.",
                    "Start the authorisation again (POST /ops/connections/{id}/authorization); a code can be exchanged once."),
            new Entry("invalid_grant", Set.of("ip restricted or invalid login hours"), REFRESH, FailureClass.MISCONFIGURED,
                    "Salesforce refused the refresh from the broker's network or at this hour: the connected app enforces IP"
                            + " restrictions on refreshes (IP Relaxation 'Enforce IP restrictions'), and the broker's egress address"
                            + " is outside the user's profile Login IP Ranges, or the hour outside its login hours.",
                    "Set the connected app's IP Relaxation to 'Enforce IP restrictions, but relax for refresh tokens' (or 'Relax"
                            + " IP restrictions'), or add the broker's egress IP addresses to the profile's Login IP Ranges."
                            + RETRY_AFTER_FIX),
            new Entry("invalid_client", Set.of(), REFRESH_AND_CODE, FailureClass.MISCONFIGURED,
                    "Salesforce rejected the consumer secret sent with the refresh token (or authorisation code): the secret's"
                            + " consumer_secret is not the connected app's, for example after a new consumer secret was generated.",
                    "Copy the consumer secret from App Manager > View > Manage Consumer Details into the secret's consumer_secret."
                            + RETRY_AFTER_FIX),
            new Entry("invalid_client_id", Set.of(), REFRESH_AND_CODE, FailureClass.MISCONFIGURED,
                    "Salesforce does not know the consumer key sent with the refresh token (or authorisation code), or the grant"
                            + " belongs to another connected app: the secret's consumer_key was changed, or the app was deleted.",
                    "Put the consumer key of the connected app that issued the grant in the secret, then POST"
                            + " /ops/connections/{id}/retry. If the app was deleted, its grants went with it: put the new app's key and"
                            + " secret in the secret." + REAUTHORISE),
            new Entry("inactive_user", Set.of(), REFRESH_AND_CODE, FailureClass.TERMINAL,
                    "Salesforce refused the refresh because the integration user is inactive or frozen.",
                    "Reactivate or unfreeze the user (Setup > Users); deactivating a user revokes its OAuth grants." + REAUTHORISE),
            new Entry("inactive_org", Set.of(), REFRESH_AND_CODE, FailureClass.TERMINAL,
                    "The org is locked, closed or suspended, and Salesforce refuses every refresh in it.",
                    "Ask the org's administrator or Salesforce support to restore the org." + REAUTHORISE),
            new Entry("OAUTH_APP_BLOCKED", Set.of(), FailureClass.MISCONFIGURED,
                    "An administrator blocked the connected app (Setup > Connected Apps OAuth Usage > Block), and Salesforce"
                            + " refuses every token request for it.",
                    "Unblock the app in Setup > Connected Apps OAuth Usage, then POST /ops/connections/{id}/retry. If the retry"
                            + " answers 'expired access/refresh token', blocking ended the grant: re-authorise"
                            + " (POST /ops/connections/{id}/authorization)."),
            new Entry("invalid_grant", "user hasn't approved this consumer", FailureClass.TERMINAL,
                    "The Salesforce user has not approved the connected app: the user is not pre-authorised through a profile"
                            + " or permission set, and never approved the app in an interactive flow that included refresh_token.",
                    "In Setup > App Manager > (the connected app) > Manage, set Permitted Users to 'Admin approved users are"
                            + " pre-authorized' and add the integration user's profile or permission set; then re-enable the connection."),
            // the wire says "audience is invalid"; the help page's example says "Audience validation failed"
            new Entry("invalid_grant", Set.of("audience is invalid", "audience validation failed"), FailureClass.MISCONFIGURED,
                    "The JWT audience does not match the org: production orgs expect https://login.salesforce.com and sandboxes"
                            + " https://test.salesforce.com.",
                    "Register the connection with login host 'login' for production or 'test' for a sandbox, or set its audience explicitly."),
            new Entry("invalid_grant", "invalid assertion", FailureClass.MISCONFIGURED,
                    "Salesforce could not verify the JWT signature: the private key in the connected app secret does not match the"
                            + " certificate uploaded to the connected app.",
                    "Upload the certificate that belongs to the secret's private key under 'Use digital signatures', or store the"
                            + " matching private key in the secret (infra/connected-app/make-jwt-key.sh makes a pair)."),
            new Entry("invalid_grant", Set.of("token request is already being processed"), FailureClass.OUTCOME_UNKNOWN, IN_FLIGHT_CAUSE,
                    "Nothing to change: the broker waits, then checks with Salesforce whether the stored refresh token is"
                            + " still live before it refreshes again. If it keeps happening, look for another client using the same"
                            + " grant (Login History shows 'Failed: Token request is already being processed')."),
            // Salesforce's wording for the same lock before Winter '25; on a JWT login it means something else (below)
            new Entry("invalid_grant", Set.of("expired authorization code"), EnumSet.of(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE),
                    FailureClass.OUTCOME_UNKNOWN, IN_FLIGHT_CAUSE + " (Salesforce's wording before Winter '25.)",
                    "Nothing to change for a refresh: the broker waits and checks the stored refresh token before it refreshes"
                            + " again. For an authorisation, the code may also have expired (15 minutes): start the authorisation again."),
            new Entry("invalid_grant", Set.of("expired authorization code"), EnumSet.of(GrantType.JWT_BEARER), FailureClass.MISCONFIGURED,
                    "Salesforce considers the JWT assertion expired: its exp claim was in the past when it arrived, which means"
                            + " the broker host's clock is behind Salesforce's.",
                    "Synchronise the broker host's clock (NTP); Lambda clocks are synchronised, so check any local or container runtime."),
            new Entry("invalid_grant", "login rate exceeded", FailureClass.RATE_LIMITED,
                    "Salesforce is blocking logins for this user: more than 3,600 logins in the last rolling hour.",
                    "Find what else logs in as this user (Setup > Login History) and make it fetch tokens from the broker;"
                            + " logins resume once the hourly count falls below the limit."),
            new Entry("invalid_grant", "ip restricted or invalid login hours", FailureClass.MISCONFIGURED,
                    "Salesforce refused the login from the broker's network or at this hour: the user's profile restricts login"
                            + " IP ranges or hours, and the connected app enforces them.",
                    "Add the broker's egress IP addresses to the profile's Login IP Ranges, relax IP restrictions on the connected"
                            + " app's policies, or widen the profile's login hours."),
            new Entry("invalid_grant", Set.of(), FailureClass.TERMINAL,
                    "Salesforce refused the grant with a reason the broker does not recognise.",
                    "Check the user's Login History in Salesforce for the failed login and its status, fix the cause, then"
                            + " re-enable the connection."),
            new Entry("invalid_client_id", Set.of(), FailureClass.MISCONFIGURED,
                    "Salesforce does not know the consumer key in the connected app secret: the app was deleted, or the key"
                            + " belongs to an app in another org.",
                    "Copy the consumer key from the connected app (App Manager > View > Manage Consumer Details) into the secret."),
            new Entry("invalid_client", Set.of(), FailureClass.MISCONFIGURED,
                    "Salesforce rejected the connected app's client credentials.",
                    "Copy the consumer key and secret from the connected app (Manage Consumer Details) into the secret."),
            new Entry("unsupported_grant_type", Set.of(), FailureClass.MISCONFIGURED,
                    "The token endpoint does not support the grant the broker sent; the login host may not be a Salesforce login host.",
                    "Check the connection's login host: login, test, or the org's My Domain host."),
            new Entry("inactive_user", Set.of(), FailureClass.TERMINAL,
                    "The Salesforce user is inactive or frozen.",
                    "Reactivate or unfreeze the integration user in Setup > Users, or register the connection with an active user."),
            new Entry("inactive_org", Set.of(), FailureClass.TERMINAL,
                    "The Salesforce org is locked, closed or suspended.",
                    "Ask the org's administrator or Salesforce support to restore the org, or remove the connection."),
            new Entry("rate_limit_exceeded", Set.of(), FailureClass.RATE_LIMITED,
                    "Salesforce is limiting the number of logins.",
                    "Find what else logs in as this user (Setup > Login History); logins resume within the hour."),
            new Entry("OAUTH_APP_ACCESS_DENIED", Set.of(), FailureClass.TERMINAL,
                    "The user is not admin-approved for the connected app.",
                    "Assign the integration user's profile or a permission set to the connected app (App Manager > Manage)."),
            new Entry("OAUTH_EC_APP_NOT_FOUND", Set.of(), FailureClass.MISCONFIGURED,
                    "The external client app is not installed in the org the login host points at.",
                    "Install the external client app in the org, or correct the connection's login host."));

    private ErrorCatalog() {
    }

    /** Classifies a refusal of the token endpoint ({@link TokenAnswer.Refused}) to a request for {@code grant}. */
    public static Failure classify(GrantType grant, String error, String description, Instant at) {
        String normalised = description == null ? null : description.toLowerCase(Locale.ROOT);
        Optional<Entry> entry = ENTRIES.stream().filter(e -> e.matches(grant, error, normalised)).findFirst();
        return entry.map(e -> new Failure(e.failureClass(), error, description, e.cause(), e.fix(), at))
                .orElseGet(() -> new Failure(FailureClass.MISCONFIGURED, error, description,
                        "Salesforce refused the token request with an error the broker does not recognise.",
                        "Look up the error in Salesforce's OAuth error documentation and the user's Login History, fix it,"
                                + " then re-enable the connection.", at));
    }

    /** The request may have reached Salesforce, but nothing that came back proves it was refused or applied. */
    public static Failure outcomeUnknown(String cause, Instant at) {
        return new Failure(FailureClass.OUTCOME_UNKNOWN, null, null, cause,
                "Nothing to change: before it renews again, the broker checks with Salesforce whether the grant is intact.", at);
    }

    /** Salesforce could not be reached, or failed a request that is safe to repeat: worth retrying later. */
    public static Failure unreachable(String cause, Instant at) {
        return new Failure(FailureClass.TRANSIENT, null, null, cause,
                "Nothing to change: the broker retries, and serves the current token while it is valid.", at);
    }
}
