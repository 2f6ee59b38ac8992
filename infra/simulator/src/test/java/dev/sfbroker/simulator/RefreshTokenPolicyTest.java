package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The refresh-token policy value and its metadata form; its effect over HTTP is in {@link RefreshTokenGrantTest}. */
class RefreshTokenPolicyTest {

    private static final Instant APPROVED = Instant.parse("2026-01-31T10:00:00Z");

    // the four metadata values
    @Test
    void metadataValuesAreTheConnectedAppOnes() {
        assertEquals("infinite", RefreshTokenPolicy.infinite().metadataValue());
        assertEquals("zero", RefreshTokenPolicy.zero().metadataValue());
        assertEquals("specific_lifetime:30:DAYS", RefreshTokenPolicy.lifetime(Duration.ofDays(30)).metadataValue());
        assertEquals("specific_inactivity:36:HOURS", RefreshTokenPolicy.inactivity(Duration.ofHours(36)).metadataValue());
        assertEquals("specific_lifetime:3:MONTHS",
                RefreshTokenPolicy.lifetime(3, RefreshTokenPolicy.Unit.MONTHS).metadataValue());
    }

    @Test
    void parseReadsWhatMetadataValueWrites() {
        for (String value : new String[] {"infinite", "zero", "specific_lifetime:2:HOURS", "specific_inactivity:1:MONTHS"}) {
            assertEquals(value, RefreshTokenPolicy.parse(value).metadataValue());
        }
        assertEquals(RefreshTokenPolicy.inactivity(Duration.ofDays(30)), RefreshTokenPolicy.parse("specific_inactivity:30:days"));
        for (String bad : new String[] {"forever", "specific_lifetime:0:DAYS", "specific_lifetime:2:WEEKS", "zero:1:DAYS"}) {
            assertThrows(IllegalArgumentException.class, () -> RefreshTokenPolicy.parse(bad), bad);
        }
    }

    // the metadata has no minutes
    @Test
    void durationsMustBeWholeHours() {
        assertThrows(IllegalArgumentException.class, () -> RefreshTokenPolicy.lifetime(Duration.ofMinutes(90)));
        assertThrows(IllegalArgumentException.class, () -> RefreshTokenPolicy.inactivity(Duration.ZERO));
    }

    // lifetime counts from the approval, inactivity from the last use; a month is a calendar month
    @Test
    void expiryFollowsTheKind() {
        Instant lastUsed = APPROVED.plus(Duration.ofDays(10));
        assertEquals(Optional.empty(), RefreshTokenPolicy.infinite().expiresAt(APPROVED, lastUsed));
        assertEquals(Optional.of(Instant.parse("2026-02-28T10:00:00Z")),
                RefreshTokenPolicy.lifetime(1, RefreshTokenPolicy.Unit.MONTHS).expiresAt(APPROVED, lastUsed));
        assertEquals(Optional.of(lastUsed.plus(Duration.ofDays(1))),
                RefreshTokenPolicy.inactivity(1, RefreshTokenPolicy.Unit.DAYS).expiresAt(APPROVED, lastUsed));
        assertFalse(RefreshTokenPolicy.zero().allows(APPROVED, APPROVED, APPROVED));
        assertTrue(RefreshTokenPolicy.infinite().allows(APPROVED, APPROVED, APPROVED.plus(Duration.ofDays(9999))));
    }
}
