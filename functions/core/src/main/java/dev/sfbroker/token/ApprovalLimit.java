package dev.sfbroker.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Salesforce keeps at most {@value #PER_USER_AND_APP} refresh-token approvals per user per connected app: the next
 * approval silently revokes the oldest, whoever holds it. Before a web-server flow starts, this says which grant the
 * new approval would evict.
 *
 * <p>Salesforce lists approvals ({@code OauthToken}) by user id and app name. The user id is the one recorded when the
 * connection (or another of the same user) was last authorised, else looked up by username ({@code User}) through the
 * reader. The app's name is the one on the user's row of a grant the broker holds for that app, else the label the
 * Metadata API gives for the API name in the app's credentials secret ({@code connected_app}). A reader is a connection
 * with a valid access token: the connection itself and the others of its user (a user sees its own approvals), then
 * the connections of the same org whose user sees everyone's ("Customize Application"); finding the user by username
 * through such a reader also proves it is of the user's org. When no reader can tell, only the broker's own grants are
 * counted and the answer says why.
 */
public final class ApprovalLimit {
    public static final int PER_USER_AND_APP = 5;

    /**
     * The grant a new approval would evict.
     *
     * @param heldBy the connection of the broker that holds it; null when the broker does not
     */
    public record DoomedGrant(String appName, String username, Instant createdDate, Instant lastUsedDate, String heldBy) {

        public String describe() {
            return "the approval of " + appName + " by " + username + " created " + createdDate + ", last used "
                    + (lastUsedDate == null ? "never" : lastUsedDate) + ", "
                    + (heldBy == null ? "which the broker does not hold (another tool or person uses it)"
                    : "which the broker holds for connection '" + heldBy + "'");
        }
    }

    /** What a new approval would do: the grant it evicts, if any, and what could not be checked. */
    public record Outlook(Optional<DoomedGrant> evicted, List<String> warnings) {

        public Outlook {
            warnings = List.copyOf(warnings);
        }
    }

    private final ApprovalsReader salesforce;
    private final Clock clock;

    public ApprovalLimit(ApprovalsReader salesforce, Clock clock) {
        this.salesforce = salesforce;
        this.clock = clock;
    }

    /**
     * What one more approval of {@code connection}'s connected app by its user would evict, counting the authorisations of
     * the same user and app that other connections have in progress: each may complete first and take an approval.
     *
     * @param all every connection of the broker
     * @param inProgress the other connections' web-server flows of the same user and app that can still complete
     */
    public Outlook outlook(Connection connection, List<Connection> all, int inProgress) {
        Reading reading = read(connection, all);
        String pending = inProgress == 0 ? "" : "; " + inProgress + " other authorisation" + (inProgress == 1 ? "" : "s")
                + " of the same user and app in progress may complete first";
        if (reading.ofUserAndApp().isPresent()) {
            return new Outlook(evicted(connection, reading.ofUserAndApp().get(), reading.holders(), inProgress),
                    pending.isEmpty() ? List.of() : List.of(pending.substring(2)));
        }
        return new Outlook(Optional.empty(), List.of("Salesforce's approvals of this connected app by " + connection.username()
                + " could not be counted (" + reading.unread() + pending + "); the broker holds " + reading.holders().size()
                + " of them. If " + PER_USER_AND_APP + " exist, this approval revokes the oldest: check the user's OAuth connected apps"
                + " in Salesforce."));
    }

    /**
     * The approvals of {@code connection}'s app by its user created since {@code since} that no connection of the broker
     * holds: what a code exchange whose answer was lost left behind.
     *
     * @param unread why Salesforce's approvals could not be read; null when they were
     */
    public record Unseen(List<SalesforceApproval> approvals, String unread) {
    }

    /** @param all every connection of the broker */
    public Unseen unseenSince(Connection connection, List<Connection> all, Instant since) {
        Reading reading = read(connection, all);
        return reading.ofUserAndApp().map(approvals -> new Unseen(approvals.stream()
                        .filter(approval -> !approval.createdDate().isBefore(since))
                        .filter(approval -> reading.holders().stream().noneMatch(holder -> approval.isOf(holder.grant()))).toList(), null))
                .orElseGet(() -> new Unseen(List.of(), reading.unread()));
    }

    /**
     * The approvals of {@code connection}'s app in its org, by every user, that no connection of the broker holds: what an
     * incident by app must also revoke. Only a connection of the org whose user sees every user's approvals ("Customize
     * Application") reads them; the app is named as for one user ({@link #outlook}).
     *
     * @param all every connection of the broker
     */
    public Unseen unheldOfApp(Connection connection, List<Connection> all) {
        List<Connection> holders = all.stream().filter(other -> other.flow() == Flow.REFRESH_TOKEN && other.grant() != null
                && other.credentialsRef().equals(connection.credentialsRef())).toList();
        Set<String> unread = new LinkedHashSet<>(); // several readers may give the same reason
        for (Connection reader : readers(connection, all)) {
            try {
                if (!salesforce.seesEveryUsersApprovals(reader.token())) {
                    unread.add("connection '" + reader.id() + "' (" + reader.username() + ") sees only its own user's approvals");
                    continue;
                }
                Optional<String> appName = salesforce.appName(reader.token(), connection.credentialsRef())
                        .or(() -> read(connection, all).ofUserAndApp().flatMap(approvals -> approvals.stream().findFirst())
                                .map(SalesforceApproval::appName));
                if (appName.isEmpty()) {
                    unread.add("the credentials secret '" + connection.credentialsRef() + "' gives no connected_app (the app's API"
                            + " name), and no grant the broker holds names the app");
                    break;
                }
                return new Unseen(salesforce.approvalsOfApp(reader.token(), appName.get()).stream()
                        .filter(approval -> holders.stream().noneMatch(holder -> approval.isOf(holder.grant()))).toList(), null);
            } catch (ApprovalsUnreadableException e) {
                unread.add("connection '" + reader.id() + "': " + e.getMessage());
            }
        }
        if (unread.isEmpty()) {
            unread.add("no connection of the org with \"Customize Application\" holds a valid access token to read them with");
        }
        return new Unseen(List.of(), String.join("; ", unread));
    }

    /**
     * The approvals of {@code connection}'s user, of every connected app, that no connection of the broker holds: what an
     * incident by user must also revoke, including the apps the broker has no connection for. Read as for one user and app
     * ({@link #outlook}), by the user's own connections first, then by one of the org with "Customize Application".
     *
     * @param all every connection of the broker
     */
    public Unseen unheldOfUser(Connection connection, List<Connection> all) {
        Set<String> unread = new LinkedHashSet<>();
        for (Connection reader : readers(connection, all)) {
            try {
                Optional<List<SalesforceApproval>> ofUser = approvalsOfUser(reader, connection, all, unread);
                if (ofUser.isPresent()) {
                    return new Unseen(ofUser.get().stream().filter(approval -> all.stream().noneMatch(holder -> approval.isOf(holder.grant())))
                            .sorted(Comparator.comparing(SalesforceApproval::createdDate)).toList(), null);
                }
            } catch (ApprovalsUnreadableException e) {
                unread.add("connection '" + reader.id() + "': " + e.getMessage());
            }
        }
        if (unread.isEmpty()) {
            unread.add(nothingToReadWith(connection));
        }
        return new Unseen(List.of(), String.join("; ", unread));
    }

    /**
     * The user's approvals of the app, if a connection could read them and recognise them; else why not.
     *
     * @param holders the connections that hold a grant of the same user and app
     */
    private record Reading(Optional<List<SalesforceApproval>> ofUserAndApp, String unread, List<Connection> holders) {
    }

    private Reading read(Connection connection, List<Connection> all) {
        List<Connection> holders = all.stream().filter(other -> sameUserAndApp(other, connection) && other.grant() != null).toList();
        Set<String> unread = new LinkedHashSet<>();
        for (Connection reader : readers(connection, all)) {
            try {
                Optional<List<SalesforceApproval>> ofUserAndApp = readThrough(reader, connection, all, holders, unread);
                if (ofUserAndApp.isPresent()) {
                    return new Reading(ofUserAndApp, null, holders);
                }
            } catch (ApprovalsUnreadableException e) {
                unread.add("connection '" + reader.id() + "': " + e.getMessage());
            }
        }
        if (unread.isEmpty()) {
            unread.add(nothingToReadWith(connection));
        }
        return new Reading(Optional.empty(), String.join("; ", unread), holders);
    }

    private static String nothingToReadWith(Connection connection) {
        return "no connection of " + connection.username() + ", nor of its org with \"Customize Application\", holds a valid"
                + " access token to read them with";
    }

    /** The user's approvals of the app, oldest first, as one reader sees them; empty, with the reason in {@code unread}, if it cannot tell. */
    private Optional<List<SalesforceApproval>> readThrough(Connection reader, Connection connection, List<Connection> all,
                                                           List<Connection> holders, Set<String> unread) throws ApprovalsUnreadableException {
        Optional<List<SalesforceApproval>> read = approvalsOfUser(reader, connection, all, unread);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<SalesforceApproval> ofUser = read.get();
        Optional<String> appName = ofUser.stream().filter(approval -> holders.stream().anyMatch(holder -> approval.isOf(holder.grant())))
                .map(SalesforceApproval::appName).findFirst();
        if (appName.isEmpty()) {
            appName = salesforce.appName(reader.token(), connection.credentialsRef());
        }
        if (appName.isEmpty()) {
            unread.add("the broker holds no grant of " + connection.username() + " for this connected app, and its credentials secret '"
                    + connection.credentialsRef() + "' gives no connected_app (the app's API name), so its approvals cannot be told"
                    + " apart from other apps'");
            return Optional.empty();
        }
        String app = appName.get();
        return Optional.of(ofUser.stream().filter(approval -> approval.appName().equals(app))
                .sorted(Comparator.comparing(SalesforceApproval::createdDate)).toList());
    }

    /**
     * Every approval of {@code connection}'s user, of any app, as one reader sees them: the user's own connection, or one of
     * the org with "Customize Application"; empty, with the reason in {@code unread}, if the reader cannot see or find them.
     */
    private Optional<List<SalesforceApproval>> approvalsOfUser(Connection reader, Connection connection, List<Connection> all,
                                                               Set<String> unread) throws ApprovalsUnreadableException {
        boolean sameUser = reader.username().equalsIgnoreCase(connection.username());
        if (!sameUser && !salesforce.seesEveryUsersApprovals(reader.token())) {
            unread.add("connection '" + reader.id() + "' (" + reader.username() + ") sees only its own user's approvals: it lacks"
                    + " \"Customize Application\"");
            return Optional.empty();
        }
        Optional<String> userId = sameUser ? recordedUserId(connection, all) : Optional.empty();
        if (userId.isEmpty()) {
            userId = salesforce.userId(reader.token(), connection.username());
        }
        if (userId.isEmpty()) {
            unread.add("connection '" + reader.id() + "' finds no Salesforce user " + connection.username() + " in its org");
            return Optional.empty();
        }
        return Optional.of(salesforce.approvalsOf(reader.token(), userId.get()));
    }

    /** The user id recorded on the connection, or on another connection of the same user. */
    private static Optional<String> recordedUserId(Connection connection, List<Connection> all) {
        return Stream.concat(Stream.of(connection), all.stream())
                .filter(other -> other.salesforceUser() != null && other.username().equalsIgnoreCase(connection.username())
                        && other.loginHost().url().equals(connection.loginHost().url()))
                .map(other -> other.salesforceUser().userId()).findFirst();
    }

    /** Connections whose grants count toward the same five approvals: the same Salesforce user and connected app. */
    public static boolean sameUserAndApp(Connection one, Connection other) {
        return one.flow() == Flow.REFRESH_TOKEN && other.flow() == Flow.REFRESH_TOKEN
                && one.username().equalsIgnoreCase(other.username()) && one.credentialsRef().equals(other.credentialsRef());
    }

    /**
     * The connection itself, the other connections of its user, then the other connections of its org (the same recorded
     * org id, or the same login host when either is not recorded): each with a valid access token.
     */
    private List<Connection> readers(Connection connection, List<Connection> all) {
        Instant now = clock.instant();
        Stream<Connection> others = all.stream().filter(other -> !other.id().equals(connection.id()));
        Comparator<Connection> sameUserFirst = Comparator.comparing(other -> !other.username().equalsIgnoreCase(connection.username()));
        return Stream.concat(Stream.of(connection), others.filter(other -> other.username().equalsIgnoreCase(connection.username())
                        || sameOrg(other, connection)).sorted(sameUserFirst))
                .filter(reader -> reader.token() != null && reader.token().isValidAt(now))
                .toList();
    }

    private static boolean sameOrg(Connection one, Connection other) {
        if (one.salesforceUser() != null && other.salesforceUser() != null) {
            return one.salesforceUser().orgId().equals(other.salesforceUser().orgId());
        }
        return one.loginHost().url().equals(other.loginHost().url());
    }

    /**
     * The approval this one would evict when the user already has the most Salesforce keeps, counting the flows in progress
     * as approvals made first (they evict the oldest ones); none when it is the connection's own grant, which a new
     * authorisation replaces anyway.
     */
    private static Optional<DoomedGrant> evicted(Connection connection, List<SalesforceApproval> approvals, List<Connection> holders,
                                                 int inProgress) {
        int beyondTheLimit = approvals.size() + inProgress - PER_USER_AND_APP;
        if (beyondTheLimit < 0 || approvals.isEmpty()) {
            return Optional.empty();
        }
        SalesforceApproval doomed = approvals.get(Math.min(beyondTheLimit, approvals.size() - 1));
        String heldBy = holders.stream().filter(holder -> doomed.isOf(holder.grant())).map(Connection::id).findFirst().orElse(null);
        if (connection.id().equals(heldBy)) {
            return Optional.empty();
        }
        return Optional.of(new DoomedGrant(doomed.appName(), connection.username(), doomed.createdDate(), doomed.lastUsedDate(), heldBy));
    }

    /** The key of a user's approvals of a connected app: what {@link #sameUserAndApp} compares. */
    public static String userAndApp(Connection connection) {
        return connection.username().toLowerCase(java.util.Locale.ROOT) + "/" + connection.credentialsRef();
    }
}
