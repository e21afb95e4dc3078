// Per-read options: snapshot or instant, block-cache filling and read tier. Immutable; thread-safe.
package dev.cairn.lsm;

import java.time.Instant;
import java.util.Objects;

/**
 * Per-read options: which snapshot (or past instant, {@link #asOf}) to read at, whether blocks
 * read may fill the cache, and where the read may look ({@link ReadTier}). Immutable; each
 * setter returns a copy.
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = new ReadOptions(null, null, true, ReadTier.ALL);

    private final Snapshot snapshot;
    private final boolean fillCache;
    private final ReadTier readTier;
    private final Instant asOf;

    private ReadOptions(Snapshot snapshot, Instant asOf, boolean fillCache, ReadTier readTier) {
        this.snapshot = snapshot;
        this.asOf = asOf;
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
        return new ReadOptions(snapshot, null, true, ReadTier.ALL);
    }

    /**
     * Reads the store as it was at {@code instant}: every key's newest version committed at or
     * before it, with deletions and range deletions as they stood. The store must be opened
     * with {@link StoreOptions.Builder#retainVersions} and the instant must lie inside that
     * window; otherwise the read fails with an {@link IllegalArgumentException} that names the
     * window. An instant after the last commit reads the latest state.
     *
     * <pre>{@code
     * byte[] then = db.get(key, ReadOptions.asOf(Instant.now().minusSeconds(60)));
     * try (Cursor c = db.newCursor(ReadOptions.asOf(then))) { ... }
     * }</pre>
     *
     * @param instant the instant to read at
     * @return options reading the store as of {@code instant}
     * @throws IllegalArgumentException if {@code instant} is null
     */
    public static ReadOptions asOf(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("instant must not be null");
        }
        return new ReadOptions(null, instant, true, ReadTier.ALL);
    }

    /**
     * @param fill false to keep blocks read by this read out of the block cache (for scans)
     * @return a copy with that setting
     */
    public ReadOptions fillCache(boolean fill) {
        return new ReadOptions(snapshot, asOf, fill, readTier);
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
        return new ReadOptions(snapshot, asOf, fillCache, tier);
    }

    /** @return the snapshot, or null for the latest state */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return the instant to read at ({@link #asOf(Instant)}), or null */
    public Instant asOf() {
        return asOf;
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
        return "ReadOptions(" + (asOf != null ? "asOf=" + asOf : "snapshot=" + (snapshot == null ? "latest" : snapshot.sequence()))
                + ", fillCache=" + fillCache + ", readTier=" + readTier + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadOptions r && r.snapshot == snapshot && Objects.equals(r.asOf, asOf) && r.fillCache == fillCache
                && r.readTier == readTier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(snapshot), asOf, fillCache, readTier);
    }
}
