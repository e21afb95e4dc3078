package dev.cairn.lsm;

import java.util.Objects;

/** Per-read options: which snapshot to read at, and whether blocks read may fill the cache. */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = new ReadOptions(null, true);

    private final Snapshot snapshot;
    private final boolean fillCache;

    private ReadOptions(Snapshot snapshot, boolean fillCache) {
        this.snapshot = snapshot;
        this.fillCache = fillCache;
    }

    /** @return options reading the latest state, filling the block cache */
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
        return new ReadOptions(snapshot, true);
    }

    /**
     * @param fill false to keep blocks read by this read out of the block cache (for scans)
     * @return a copy with that setting
     */
    public ReadOptions fillCache(boolean fill) {
        return new ReadOptions(snapshot, fill);
    }

    /** @return the snapshot, or null for the latest state */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return whether blocks read may be added to the block cache */
    public boolean fillCache() {
        return fillCache;
    }

    @Override
    public String toString() {
        return "ReadOptions(snapshot=" + (snapshot == null ? "latest" : snapshot.sequence())
                + ", fillCache=" + fillCache + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadOptions r && r.snapshot == snapshot && r.fillCache == fillCache;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(snapshot), fillCache);
    }
}
