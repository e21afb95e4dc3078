// Per-read options: snapshot, block-cache filling and read tier. Immutable; thread-safe.
package dev.cairn.lsm;

import java.util.Objects;

/**
 * Per-read options: which snapshot to read at, whether blocks read may fill the cache, and
 * where the read may look ({@link ReadTier}). Immutable; each setter returns a copy.
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = new ReadOptions(null, true, ReadTier.ALL);

    private final Snapshot snapshot;
    private final boolean fillCache;
    private final ReadTier readTier;

    private ReadOptions(Snapshot snapshot, boolean fillCache, ReadTier readTier) {
        this.snapshot = snapshot;
        this.fillCache = fillCache;
        this.readTier = readTier;
    }

    /** @return options reading the latest state from memory and disk, filling the block cache */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param snapshot the snapshot to read at
     * @return options reading at {@code snapshot}
     * @throws IllegalArgumentException if {@code snapshot} is null
     */
    public static ReadOptions at(Snapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        return new ReadOptions(snapshot, true, ReadTier.ALL);
    }

    /**
     * @param fill false to keep blocks read by this read out of the block cache (for scans)
     * @return a copy with that setting
     */
    public ReadOptions fillCache(boolean fill) {
        return new ReadOptions(snapshot, fill, readTier);
    }

    /**
     * @param tier where the read may look: {@link ReadTier#MEMORY_ONLY} for a read that must not
     *     wait for the disk
     * @return a copy with that setting
     * @throws IllegalArgumentException if {@code tier} is null
     */
    public ReadOptions readTier(ReadTier tier) {
        if (tier == null) {
            throw new IllegalArgumentException("read tier must not be null (use ReadTier.ALL)");
        }
        return new ReadOptions(snapshot, fillCache, tier);
    }

    /** @return the snapshot, or null for the latest state */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return whether blocks read may be added to the block cache */
    public boolean fillCache() {
        return fillCache;
    }

    /** @return where the read may look; {@link ReadTier#ALL} unless set */
    public ReadTier readTier() {
        return readTier;
    }

    @Override
    public String toString() {
        return "ReadOptions(snapshot=" + (snapshot == null ? "latest" : snapshot.sequence())
                + ", fillCache=" + fillCache + ", readTier=" + readTier + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadOptions r && r.snapshot == snapshot && r.fillCache == fillCache
                && r.readTier == readTier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(snapshot), fillCache, readTier);
    }
}
