// How a store merges its tables (size-tiered, leveled, time-window) and each strategy's
// parameters, checked when built. Immutable; thread-safe.
package dev.cairn.lsm;

import java.time.Duration;
import java.util.Objects;

/**
 * How the store merges its tables in the background. Three strategies exist; a store written
 * under one opens under another and converges to it.
 *
 * <ul>
 *   <li>{@link #sizeTiered()}: tables of similar size are merged together (low write
 *       amplification, higher space and read amplification);</li>
 *   <li>{@link #leveled()}: non-overlapping levels, each {@code levelMultiplier} times larger
 *       than the one above (low read and space amplification);</li>
 *   <li>{@link #timeWindow(Duration)}: tables grouped by the window of their newest write,
 *       size-tiered inside a window and never merged across windows; with a TTL, whole expired
 *       tables are dropped without being read.</li>
 * </ul>
 *
 * <p>Instances are immutable. {@link #toBuilder()} derives a variant with other parameters.
 */
public final class CompactionStrategy {
    /** The family of a strategy. */
    public enum Kind {
        /** Size-tiered (Cassandra's STCS). */
        SIZE_TIERED,
        /** Leveled (LevelDB/RocksDB). */
        LEVELED,
        /** Time-window (Cassandra's TWCS). */
        TIME_WINDOW
    }

    private final Kind kind;
    private final double bucketLow;
    private final double bucketHigh;
    private final int minThreshold;
    private final int maxThreshold;
    private final long minSstableSize;
    private final int l0Trigger;
    private final int levelMultiplier;
    private final long targetFileSize;
    private final long baseLevelSize;
    private final Duration window;
    private final double tombstoneRatio;
    private final Duration tombstoneInterval;

    private CompactionStrategy(Builder b) {
        this.kind = b.kind;
        this.bucketLow = b.bucketLow;
        this.bucketHigh = b.bucketHigh;
        this.minThreshold = b.minThreshold;
        this.maxThreshold = b.maxThreshold;
        this.minSstableSize = b.minSstableSize;
        this.l0Trigger = b.l0Trigger;
        this.levelMultiplier = b.levelMultiplier;
        this.targetFileSize = b.targetFileSize;
        this.baseLevelSize = b.baseLevelSize;
        this.window = b.window;
        this.tombstoneRatio = b.tombstoneRatio;
        this.tombstoneInterval = b.tombstoneInterval;
    }

    /**
     * Size-tiered compaction with Cassandra's defaults: bucketLow 0.5, bucketHigh 1.5,
     * minThreshold 4, maxThreshold 32, minSstableSize 50 MiB.
     *
     * @return the strategy
     */
    public static CompactionStrategy sizeTiered() {
        return new Builder(Kind.SIZE_TIERED).build();
    }

    /**
     * Leveled compaction: L0 trigger 4, level multiplier 10, target file size 64 MiB, base level
     * 256 MiB.
     *
     * @return the strategy
     */
    public static CompactionStrategy leveled() {
        return new Builder(Kind.LEVELED).build();
    }

    /**
     * Time-window compaction with the given window length.
     *
     * @param window the length of one window; positive
     * @return the strategy
     * @throws IllegalArgumentException if the window is null, zero or negative
     */
    public static CompactionStrategy timeWindow(Duration window) {
        return new Builder(Kind.TIME_WINDOW).window(window).build();
    }

    /**
     * A builder for a strategy of the given kind, starting from that kind's defaults.
     *
     * @param kind the family
     * @return a builder
     */
    public static Builder builder(Kind kind) {
        return new Builder(Objects.requireNonNull(kind, "kind must not be null"));
    }

    /**
     * A builder starting from this strategy's parameters.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(kind);
        b.bucketLow = bucketLow;
        b.bucketHigh = bucketHigh;
        b.minThreshold = minThreshold;
        b.maxThreshold = maxThreshold;
        b.minSstableSize = minSstableSize;
        b.l0Trigger = l0Trigger;
        b.levelMultiplier = levelMultiplier;
        b.targetFileSize = targetFileSize;
        b.baseLevelSize = baseLevelSize;
        b.window = window;
        b.tombstoneRatio = tombstoneRatio;
        b.tombstoneInterval = tombstoneInterval;
        return b;
    }

    /** @return the family of this strategy */
    public Kind kind() { return kind; }

    /** @return size-tiered: a table joins a bucket when its size is at least this times the bucket's average */
    public double bucketLow() { return bucketLow; }

    /** @return size-tiered: a table joins a bucket when its size is at most this times the bucket's average */
    public double bucketHigh() { return bucketHigh; }

    /** @return size-tiered: the fewest tables a bucket needs before it is merged */
    public int minThreshold() { return minThreshold; }

    /** @return size-tiered: the most tables merged in one compaction */
    public int maxThreshold() { return maxThreshold; }

    /** @return size-tiered: tables smaller than this all fall into one "small" bucket */
    public long minSstableSize() { return minSstableSize; }

    /** @return leveled: the number of level-0 tables that triggers a compaction into the base level */
    public int l0Trigger() { return l0Trigger; }

    /** @return leveled: each level's target size is this many times the previous level's */
    public int levelMultiplier() { return levelMultiplier; }

    /** @return the size at which compaction output is split into a new table */
    public long targetFileSize() { return targetFileSize; }

    /** @return leveled: the target size of the first level below level 0 */
    public long baseLevelSize() { return baseLevelSize; }

    /** @return time-window: the length of a window, or null for the other kinds */
    public Duration window() { return window; }

    /** @return the tombstone ratio past which a single table is rewritten to drop spent tombstones */
    public double tombstoneRatio() { return tombstoneRatio; }

    /** @return how old a table must be before a tombstone compaction may rewrite it */
    public Duration tombstoneInterval() { return tombstoneInterval; }

    @Override
    public String toString() {
        switch (kind) {
            case SIZE_TIERED:
                return "sizeTiered(bucketLow=" + bucketLow + ", bucketHigh=" + bucketHigh + ", minThreshold="
                        + minThreshold + ", maxThreshold=" + maxThreshold + ", minSstableSize=" + minSstableSize + ")";
            case LEVELED:
                return "leveled(l0Trigger=" + l0Trigger + ", levelMultiplier=" + levelMultiplier + ", targetFileSize="
                        + targetFileSize + ", baseLevelSize=" + baseLevelSize + ")";
            default:
                return "timeWindow(" + window + ")";
        }
    }

    /** Builds a {@link CompactionStrategy}; every setter checks its argument at once. */
    public static final class Builder {
        private final Kind kind;
        private double bucketLow = 0.5;
        private double bucketHigh = 1.5;
        private int minThreshold = 4;
        private int maxThreshold = 32;
        private long minSstableSize = 50L << 20;
        private int l0Trigger = 4;
        private int levelMultiplier = 10;
        private long targetFileSize = 64L << 20;
        private long baseLevelSize = 256L << 20;
        private Duration window;
        private double tombstoneRatio = 0.2;
        private Duration tombstoneInterval = Duration.ofDays(1);

        private Builder(Kind kind) {
            this.kind = kind;
            if (kind == Kind.TIME_WINDOW) {
                window = Duration.ofDays(1);
            }
        }

        /**
         * @param value lower bucket bound, in (0, 1]
         * @return this builder
         */
        public Builder bucketLow(double value) {
            require(value > 0 && value <= 1, "bucketLow must be in (0, 1], was " + value);
            bucketLow = value;
            return this;
        }

        /**
         * @param value upper bucket bound, at least 1
         * @return this builder
         */
        public Builder bucketHigh(double value) {
            require(value >= 1, "bucketHigh must be at least 1, was " + value);
            bucketHigh = value;
            return this;
        }

        /**
         * @param value fewest tables merged, at least 2
         * @return this builder
         */
        public Builder minThreshold(int value) {
            require(value >= 2, "minThreshold must be at least 2, was " + value);
            minThreshold = value;
            return this;
        }

        /**
         * @param value most tables merged at once, at least 2
         * @return this builder
         */
        public Builder maxThreshold(int value) {
            require(value >= 2, "maxThreshold must be at least 2, was " + value);
            maxThreshold = value;
            return this;
        }

        /**
         * @param bytes size below which tables share the small bucket, not negative
         * @return this builder
         */
        public Builder minSstableSize(long bytes) {
            require(bytes >= 0, "minSstableSize must not be negative, was " + bytes);
            minSstableSize = bytes;
            return this;
        }

        /**
         * @param count level-0 table count that triggers compaction, at least 1
         * @return this builder
         */
        public Builder l0Trigger(int count) {
            require(count >= 1, "l0Trigger must be at least 1, was " + count);
            l0Trigger = count;
            return this;
        }

        /**
         * @param value growth factor between levels, at least 2
         * @return this builder
         */
        public Builder levelMultiplier(int value) {
            require(value >= 2, "levelMultiplier must be at least 2, was " + value);
            levelMultiplier = value;
            return this;
        }

        /**
         * @param bytes output table size, at least 4 KiB
         * @return this builder
         */
        public Builder targetFileSize(long bytes) {
            require(bytes >= 4096, "targetFileSize must be at least 4096 bytes, was " + bytes);
            targetFileSize = bytes;
            return this;
        }

        /**
         * @param bytes target size of the base level, at least 4 KiB
         * @return this builder
         */
        public Builder baseLevelSize(long bytes) {
            require(bytes >= 4096, "baseLevelSize must be at least 4096 bytes, was " + bytes);
            baseLevelSize = bytes;
            return this;
        }

        /**
         * @param value window length for time-window compaction, positive
         * @return this builder
         */
        public Builder window(Duration value) {
            require(value != null && !value.isNegative() && !value.isZero(),
                    "window must be a positive duration, was " + value);
            window = value;
            return this;
        }

        /**
         * @param value tombstone ratio in (0, 1] past which a table is rewritten alone
         * @return this builder
         */
        public Builder tombstoneRatio(double value) {
            require(value > 0 && value <= 1, "tombstoneRatio must be in (0, 1], was " + value);
            tombstoneRatio = value;
            return this;
        }

        /**
         * @param value minimum table age before a tombstone compaction, not negative
         * @return this builder
         */
        public Builder tombstoneInterval(Duration value) {
            require(value != null && !value.isNegative(), "tombstoneInterval must not be negative, was " + value);
            tombstoneInterval = value;
            return this;
        }

        /**
         * @return the strategy
         * @throws IllegalArgumentException if minThreshold exceeds maxThreshold
         */
        public CompactionStrategy build() {
            require(minThreshold <= maxThreshold,
                    "minThreshold (" + minThreshold + ") must not exceed maxThreshold (" + maxThreshold + ")");
            return new CompactionStrategy(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
