package dev.sfbroker.simulator;

/** A connected app's "Permitted Users" policy. */
public enum PermittedUsers {
    /** "All users may self-authorize" (the Salesforce default): users approve on first access. */
    ALL_SELF_AUTHORIZE,
    /** "Admin approved users are pre-authorized": only users with an assigned profile or permission set. */
    ADMIN_APPROVED_PREAUTHORIZED
}
