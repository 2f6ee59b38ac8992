package dev.sfbroker.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Salesforce keeps at most {@value #PER_USER_AND_APP} refresh-token approvals per user per connected app: the next
 * approval silently revokes the oldest, whoever holds it. Before a web-server flow starts, this says which grant the
 * new approval would evict.
 *
 * <p>Salesforce's list ({@code OauthToken}) is read with the access token of a connection of the same user (the
 * connection itself first): every user sees its own approvals without any permission. Salesforce names a row's user by
 * id and its app by name, neither of which a connection stores, so the user's approvals of the app are recognised by a
 * grant the broker holds for that user and app (its refresh token starts as the row shows it). Without such a grant, or
 * when no connection can read the list, only the broker's own grants are counted and the answer says so.
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
     * What one more approval of {@code connection}'s connected app by its user would evict.
     *
     * @param all every connection of the broker
     */
    public Outlook outlook(Connection connection, List<Connection> all) {
        Reading reading = read(connection, all);
        if (reading.ofUserAndApp().isPresent()) {
            return new Outlook(evicted(connection, reading.ofUserAndApp().get(), reading.holders()), List.of());
        }
        return new Outlook(Optional.empty(), List.of("Salesforce's approvals of this connected app by " + connection.username()
                + " could not be counted (" + reading.unread() + "); the broker holds " + reading.holders().size() + " of them. If "
                + PER_USER_AND_APP + " exist, this approval revokes the oldest: check the user's OAuth connected apps in Salesforce."));
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
     * The user's approvals of the app, if a connection could read them and recognise them; else why not.
     *
     * @param holders the connections that hold a grant of the same user and app
     */
    private record Reading(Optional<List<SalesforceApproval>> ofUserAndApp, String unread, List<Connection> holders) {
    }

    private Reading read(Connection connection, List<Connection> all) {
        List<Connection> holders = all.stream().filter(other -> sameUserAndApp(other, connection) && other.grant() != null).toList();
        List<String> unread = new ArrayList<>();
        for (Connection reader : readers(connection, all)) {
            try {
                Optional<List<SalesforceApproval>> ofUserAndApp = ofUserAndApp(salesforce.approvals(reader.token()), holders);
                if (ofUserAndApp.isPresent()) {
                    return new Reading(ofUserAndApp, null, holders);
                }
                unread.add("no grant the broker holds for " + connection.username() + " and this connected app is among the approvals"
                        + " Salesforce lists, so they cannot be told apart from other users' and apps'");
                break;
            } catch (ApprovalsUnreadableException e) {
                unread.add("connection '" + reader.id() + "': " + e.getMessage());
            }
        }
        if (unread.isEmpty()) {
            unread.add("no connection of " + connection.username() + " holds a valid access token to read them with");
        }
        return new Reading(Optional.empty(), String.join("; ", unread), holders);
    }

    /** Connections whose grants count toward the same five approvals: the same Salesforce user and connected app. */
    public static boolean sameUserAndApp(Connection one, Connection other) {
        return one.flow() == Flow.REFRESH_TOKEN && other.flow() == Flow.REFRESH_TOKEN
                && one.username().equalsIgnoreCase(other.username()) && one.credentialsRef().equals(other.credentialsRef());
    }

    /** The connection itself, then the other connections of its user: each with a valid access token. */
    private List<Connection> readers(Connection connection, List<Connection> all) {
        Instant now = clock.instant();
        return Stream.concat(Stream.of(connection), all.stream().filter(other -> !other.id().equals(connection.id())
                        && other.username().equalsIgnoreCase(connection.username())))
                .filter(reader -> reader.token() != null && reader.token().isValidAt(now))
                .toList();
    }

    /** The approvals of the same user and app as a grant the broker holds, oldest first; empty if it holds none of them. */
    private static Optional<List<SalesforceApproval>> ofUserAndApp(List<SalesforceApproval> visible, List<Connection> holders) {
        return visible.stream().filter(approval -> holders.stream().anyMatch(holder -> approval.isOf(holder.grant()))).findFirst()
                .map(anchor -> visible.stream()
                        .filter(approval -> approval.userId().equals(anchor.userId()) && approval.appName().equals(anchor.appName()))
                        .sorted(Comparator.comparing(SalesforceApproval::createdDate)).toList());
    }

    /**
     * The oldest approval when the user already has the most Salesforce keeps; none when it is the connection's own grant,
     * which a new authorisation replaces anyway.
     */
    private static Optional<DoomedGrant> evicted(Connection connection, List<SalesforceApproval> approvals, List<Connection> holders) {
        if (approvals.size() < PER_USER_AND_APP) {
            return Optional.empty();
        }
        SalesforceApproval oldest = approvals.getFirst();
        String heldBy = holders.stream().filter(holder -> oldest.isOf(holder.grant())).map(Connection::id).findFirst().orElse(null);
        if (connection.id().equals(heldBy)) {
            return Optional.empty();
        }
        return Optional.of(new DoomedGrant(oldest.appName(), connection.username(), oldest.createdDate(), oldest.lastUsedDate(), heldBy));
    }
}
