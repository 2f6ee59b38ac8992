package dev.sfbroker.simulator;

import java.security.SecureRandom;

/** Salesforce record ids: 15-character case-sensitive ids and their 18-character case-safe form. */
public final class SalesforceIds {

    /** Key prefix of Organization ids. */
    public static final String ORG_PREFIX = "00D";
    /** Key prefix of User ids. */
    public static final String USER_PREFIX = "005";
    /** Key prefix of ConnectedApplication ids. */
    public static final String CONNECTED_APP_PREFIX = "0H4";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SalesforceIds() {
    }

    /** A new random 15-character id with the given 3-character key prefix, e.g. {@code 00D000x7Gh2kQpA}. */
    public static String newId15(String prefix) {
        if (prefix.length() != 3) {
            throw new IllegalArgumentException("a key prefix has 3 characters: " + prefix);
        }
        StringBuilder id = new StringBuilder(15).append(prefix).append("000");
        for (int i = 0; i < 9; i++) {
            id.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    /** The 18-character form of a 15-character id (an 18-character id is returned unchanged). */
    public static String to18(String id) {
        if (id.length() == 18) {
            return id;
        }
        if (id.length() != 15) {
            throw new IllegalArgumentException("a Salesforce id has 15 or 18 characters, not " + id.length());
        }
        StringBuilder out = new StringBuilder(18).append(id);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << i;
                }
            }
            out.append(SUFFIX_CHARS.charAt(flags));
        }
        return out.toString();
    }

    /** The 15-character form of a 15- or 18-character id. */
    public static String to15(String id) {
        if (id.length() != 15 && id.length() != 18) {
            throw new IllegalArgumentException("a Salesforce id has 15 or 18 characters, not " + id.length());
        }
        return id.substring(0, 15);
    }
}
