package dev.sfbroker.simulator;

import java.time.Duration;
import java.util.List;

/**
 * An org's Session Settings as the Metadata API's {@code SecuritySettings} type (full name {@value #FULL_NAME};
 * Salesforce's documented behaviour: the org-wide session timeout), the {@code <records xsi:type="SecuritySettings">} of a
 * {@code readMetadata} answer: {@code fullName} and {@code sessionSettings/sessionTimeout}, the org's
 * {@link SimOrg#sessionTimeout()} as Salesforce's {@code SessionTimeout} enum. A timeout that is not one of the
 * enum's values is shown as the longest value not longer than it (one under fifteen minutes as
 * {@code FifteenMinutes}, the shortest there is).
 */
final class SecuritySettingsMetadata {

    static final String TYPE = "SecuritySettings";
    /** The one component of the type: an org has one set of security settings. */
    static final String FULL_NAME = "Security";

    /** The {@code SessionTimeout} enum values, shortest first. */
    private static final List<Timeout> TIMEOUTS = List.of(
            new Timeout(Duration.ofMinutes(15), "FifteenMinutes"),
            new Timeout(Duration.ofMinutes(30), "ThirtyMinutes"),
            new Timeout(Duration.ofMinutes(60), "SixtyMinutes"),
            new Timeout(Duration.ofHours(2), "TwoHours"),
            new Timeout(Duration.ofHours(4), "FourHours"),
            new Timeout(Duration.ofHours(8), "EightHours"),
            new Timeout(Duration.ofHours(12), "TwelveHours"),
            new Timeout(Duration.ofHours(24), "TwentyFourHours"));

    private record Timeout(Duration duration, String metadataValue) {
    }

    private SecuritySettingsMetadata() {
    }

    /** The record of {@code org}'s security settings. */
    static String record(SimOrg org) {
        return "<records xsi:type=\"" + TYPE + "\"><fullName>" + FULL_NAME + "</fullName><sessionSettings><sessionTimeout>"
                + sessionTimeoutValue(org.sessionTimeout()) + "</sessionTimeout></sessionSettings></records>";
    }

    /** The record {@code readMetadata} gives for a name other than {@value #FULL_NAME}: one without content. */
    static String emptyRecord() {
        return "<records xsi:type=\"" + TYPE + "\"/>";
    }

    /** The {@code SessionTimeout} value for {@code timeout}: equal to it, else the nearest not longer, else the shortest. */
    static String sessionTimeoutValue(Duration timeout) {
        String value = TIMEOUTS.getFirst().metadataValue();
        for (Timeout candidate : TIMEOUTS) {
            if (candidate.duration().compareTo(timeout) <= 0) {
                value = candidate.metadataValue();
            }
        }
        return value;
    }
}
