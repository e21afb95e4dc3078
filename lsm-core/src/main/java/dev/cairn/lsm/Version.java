// One retained version of a key, as LsmStore.history lists it: the key, its commit time, and the
// value it was given or the deletion it underwent. Immutable; thread-safe.
package dev.cairn.lsm;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One version of a key kept by a store opened with
 * {@link StoreOptions.Builder#retainVersions}: the value a commit gave it, or its deletion (a
 * {@code delete}, or a {@code deleteRange} that removed a value), and the commit's timestamp.
 * {@link LsmStore#history(byte[])} lists them newest first. Immutable.
 */
public final class Version {
    private final byte[] key;
    private final Instant timestamp;
    private final byte[] value;

    /**
     * @param key the key
     * @param timestamp when the version was committed
     * @param value the value, or null for a deletion
     * @throws IllegalArgumentException if {@code key} or {@code timestamp} is null
     */
    public Version(byte[] key, Instant timestamp, byte[] value) {
        if (key == null || timestamp == null) {
            throw new IllegalArgumentException("a version needs a key and a timestamp");
        }
        this.key = key.clone();
        this.timestamp = timestamp;
        this.value = value == null ? null : value.clone();
    }

    /** @return the key (a copy) */
    public byte[] key() {
        return key.clone();
    }

    /** @return when the version was committed (the commit timestamp: milliseconds, monotonic per store) */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the value (a copy), or null when this version is a deletion */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** @return whether this version deleted the key */
    public boolean isDeletion() {
        return value == null;
    }

    /** Equal when key, timestamp and value (or deletion) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && Arrays.equals(v.key, key) && v.timestamp.equals(timestamp)
                && Arrays.equals(v.value, value);
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(key) + timestamp.hashCode()) * 31 + Arrays.hashCode(value);
    }

    /** Key and value in hex. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Version(" + hex.formatHex(key) + " @ " + timestamp + ": "
                + (value == null ? "deleted" : hex.formatHex(value)) + ")";
    }
}
