package dev.sfbroker.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A connected app's refresh-token policy, {@code oauthPolicy.refreshTokenPolicy}.
 * It is evaluated only when a refresh token is used (and by introspection), never against the
 * sessions already issued. Immutable; build one with {@link #infinite()}, {@link #zero()},
 * {@link #lifetime(long, Unit)} or {@link #inactivity(long, Unit)}, or read the metadata form
 * with {@link #parse(String)}.
 */
public final class RefreshTokenPolicy {

    /** The units the metadata allows. A month is a calendar month (UTC). */
    public enum Unit {
        HOURS(ChronoUnit.HOURS), DAYS(ChronoUnit.DAYS), MONTHS(ChronoUnit.MONTHS);

        private final ChronoUnit chronoUnit;

        Unit(ChronoUnit chronoUnit) {
            this.chronoUnit = chronoUnit;
        }
    }

    private enum Kind {
        INFINITE("infinite"), ZERO("zero"), LIFETIME("specific_lifetime"), INACTIVITY("specific_inactivity");

        private final String metadata;

        Kind(String metadata) {
            this.metadata = metadata;
        }
    }

    private static final RefreshTokenPolicy INFINITE = new RefreshTokenPolicy(Kind.INFINITE, 0, null);
    private static final RefreshTokenPolicy ZERO = new RefreshTokenPolicy(Kind.ZERO, 0, null);

    private final Kind kind;
    private final long amount;
    private final Unit unit;

    private RefreshTokenPolicy(Kind kind, long amount, Unit unit) {
        this.kind = kind;
        this.amount = amount;
        this.unit = unit;
    }

    /** "Refresh token is valid until revoked", the default: {@code infinite}. */
    public static RefreshTokenPolicy infinite() {
        return INFINITE;
    }

    /** "Immediately expire refresh token": {@code zero}. The refresh token is issued but never works. */
    public static RefreshTokenPolicy zero() {
        return ZERO;
    }

    /** "Expire refresh token after N": {@code specific_lifetime:N:UNIT}, counted from the approval. */
    public static RefreshTokenPolicy lifetime(long amount, Unit unit) {
        return new RefreshTokenPolicy(Kind.LIFETIME, positive(amount), Objects.requireNonNull(unit, "unit"));
    }

    /** A lifetime of whole hours, expressed in days when it is whole days. */
    public static RefreshTokenPolicy lifetime(Duration duration) {
        return fromDuration(Kind.LIFETIME, duration);
    }

    /** "Expire refresh token if not used for N": {@code specific_inactivity:N:UNIT}, reset by each successful refresh. */
    public static RefreshTokenPolicy inactivity(long amount, Unit unit) {
        return new RefreshTokenPolicy(Kind.INACTIVITY, positive(amount), Objects.requireNonNull(unit, "unit"));
    }

    /** An inactivity window of whole hours, expressed in days when it is whole days. */
    public static RefreshTokenPolicy inactivity(Duration duration) {
        return fromDuration(Kind.INACTIVITY, duration);
    }

    /**
     * Reads the metadata value: {@code infinite}, {@code zero}, {@code specific_lifetime:N:HOURS|DAYS|MONTHS}
     * or {@code specific_inactivity:N:HOURS|DAYS|MONTHS}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RefreshTokenPolicy parse(String metadataValue) {
        String[] parts = Objects.requireNonNull(metadataValue, "metadataValue").trim().split(":");
        if (parts.length == 1 && parts[0].equals(Kind.INFINITE.metadata)) {
            return INFINITE;
        }
        if (parts.length == 1 && parts[0].equals(Kind.ZERO.metadata)) {
            return ZERO;
        }
        if (parts.length == 3) {
            try {
                long amount = Long.parseLong(parts[1]);
                Unit unit = Unit.valueOf(parts[2].toUpperCase(Locale.ROOT));
                if (parts[0].equals(Kind.LIFETIME.metadata)) {
                    return lifetime(amount, unit);
                }
                if (parts[0].equals(Kind.INACTIVITY.metadata)) {
                    return inactivity(amount, unit);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a refresh token policy: " + metadataValue, e);
            }
        }
        throw new IllegalArgumentException("not a refresh token policy: " + metadataValue);
    }

    /** The {@code ConnectedApp} metadata form, e.g. {@code specific_lifetime:30:DAYS}. */
    public String metadataValue() {
        return unit == null ? kind.metadata : kind.metadata + ":" + amount + ":" + unit.name();
    }

    /** The N of {@code specific_lifetime:N:UNIT} and {@code specific_inactivity:N:UNIT}; empty for {@code infinite} and {@code zero}. */
    OptionalLong period() {
        return unit == null ? OptionalLong.empty() : OptionalLong.of(amount);
    }

    /** Validity counts from the last use ({@code specific_inactivity}), not from the approval. */
    boolean measuredFromLastUse() {
        return kind == Kind.INACTIVITY;
    }

    /**
     * When a refresh token approved at {@code approvedAt} and last used (or issued) at {@code lastUsed}
     * stops working: empty for {@code infinite}, {@code approvedAt} itself for {@code zero}.
     */
    public Optional<Instant> expiresAt(Instant approvedAt, Instant lastUsed) {
        return switch (kind) {
            case INFINITE -> Optional.empty();
            case ZERO -> Optional.of(approvedAt);
            case LIFETIME -> Optional.of(plus(approvedAt));
            case INACTIVITY -> Optional.of(plus(lastUsed));
        };
    }

    /** Whether the refresh token still works at {@code now}. */
    public boolean allows(Instant approvedAt, Instant lastUsed, Instant now) {
        return kind != Kind.ZERO && expiresAt(approvedAt, lastUsed).map(now::isBefore).orElse(true);
    }

    private Instant plus(Instant from) {
        return from.atZone(ZoneOffset.UTC).plus(amount, unit.chronoUnit).toInstant();
    }

    private static RefreshTokenPolicy fromDuration(Kind kind, Duration duration) {
        long hours = duration.toHours();
        if (duration.isNegative() || duration.isZero() || !duration.equals(Duration.ofHours(hours))) {
            throw new IllegalArgumentException("the metadata counts whole hours, days or months: " + duration);
        }
        return hours % 24 == 0 ? new RefreshTokenPolicy(kind, hours / 24, Unit.DAYS)
                : new RefreshTokenPolicy(kind, hours, Unit.HOURS);
    }

    private static long positive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("the period must be positive: " + amount);
        }
        return amount;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RefreshTokenPolicy p && p.kind == kind && p.amount == amount && p.unit == unit;
    }

    @Override
    public int hashCode() {
        return metadataValue().hashCode();
    }

    @Override
    public String toString() {
        return metadataValue();
    }
}
