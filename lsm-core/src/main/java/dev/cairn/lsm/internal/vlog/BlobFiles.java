// The blob files of an open store: which live versions name each, the open readers, the
// separation threshold, and the reads that turn a pointer back into its value. Deletes a blob file
// no version names. Thread-safe: counts under its own monitor, readers in a concurrent map.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.util.RefCounts;
import dev.cairn.lsm.internal.util.VarInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import okio.FileSystem;
import okio.Path;

/**
 * The store's blob files (the value log). Versions {@link #ref} and {@link #unref} the blob files
 * they name, as they do tables; when the last version naming a file is released (it became all
 * garbage) the file is closed and deleted, on the store's releaser. {@link #resolve} reads the
 * value a pointer names; a damaged record is a {@link CorruptionException} naming the file.
 * Thread-safe.
 */
public final class BlobFiles {
    /**
     * A blob file whose garbage reaches this share of its bytes has its live values rewritten by
     * the next compaction that reads pointers into it (RocksDB's integrated BlobDB rewrites by
     * file age instead; a ratio rewrites only files where it pays: at one half, every byte
     * rewritten frees at least one).
     */
    public static final double GC_GARBAGE_RATIO = 0.5;

    private final FileSystem fs;
    private final Path dir;
    private final StoreCipher cipher;
    private final Consumer<Runnable> releaser;
    private final LongAdder bytesRead;
    /** Guarded by this object's monitor: how many live versions name each blob file. */
    private final RefCounts refs = new RefCounts();
    private final ConcurrentHashMap<Long, BlobReader> open = new ConcurrentHashMap<>();
    /** Volatile: how many blob files live versions name (read without the monitor by iterators). */
    private volatile int liveCount;
    private volatile int threshold;
    private volatile boolean closing;
    /** Bytes of the blob files deleted since the store opened. */
    private final LongAdder reclaimed = new LongAdder();

    /**
     * @param cipher the store's cipher, or null when it is not encrypted
     * @param releaser runs the deletion of a blob file no version names (now or later)
     * @param bytesRead adds every byte read from blob files
     */
    public BlobFiles(FileSystem fs, Path dir, StoreCipher cipher, Consumer<Runnable> releaser, LongAdder bytesRead) {
        this.fs = fs;
        this.dir = dir;
        this.cipher = cipher;
        this.releaser = releaser;
        this.bytesRead = bytesRead;
    }

    /**
     * Sets the size from which flushes separate values (0: never). Set once at open, before any
     * flush runs.
     */
    public void separateFrom(int bytes) {
        this.threshold = bytes;
    }

    /** @return the size from which values are separated, 0 when they are not */
    public int threshold() {
        return threshold;
    }

    /** @return the store's cipher, or null */
    StoreCipher cipher() {
        return cipher;
    }

    /** A version names blob file {@code number}. */
    public synchronized void ref(long number) {
        refs.ref(number);
        liveCount = refs.size();
    }

    /** @return whether no live version names any blob file (no table holds a pointer) */
    public boolean isEmpty() {
        return liveCount == 0;
    }

    /** A version naming blob file {@code number} was released; the last release deletes it. */
    public void unref(long number) {
        BlobReader r;
        synchronized (this) {
            if (!refs.release(number)) {
                return;
            }
            liveCount = refs.size();
            r = open.remove(number);
        }
        releaser.accept(() -> release(number, r));
    }

    private void release(long number, BlobReader r) {
        if (r != null) {
            r.close();
        }
        if (!closing) {
            try {
                Path path = dir.resolve(FileNames.blob(number));
                okio.FileMetadata md = fs.metadataOrNull(path);
                fs.delete(path, false);
                if (md != null && md.getSize() != null) {
                    reclaimed.add(md.getSize());
                }
            } catch (IOException e) {
                // An undeleted obsolete blob file is removed at the next open.
            }
        }
    }

    /**
     * @return bytes of the blob files deleted since the store opened: files that became all
     *     garbage (collected, or their tables dropped) and no reader held any more
     */
    public long reclaimedBytes() {
        return reclaimed.sum();
    }

    /** @return the numbers of the blob files some live version names */
    public synchronized Set<Long> live() {
        return refs.numbers();
    }

    /**
     * @return the open reader of blob file {@code number}, opened on first use
     * @throws CorruptionException when no live version names it, or its header is damaged
     */
    public BlobReader reader(long number) {
        BlobReader r = open.get(number);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = open.get(number);
            if (r == null) {
                if (!refs.contains(number)) {
                    throw new CorruptionException("blob pointer names " + FileNames.blob(number)
                            + ", which is not a live blob file");
                }
                try {
                    r = BlobReader.open(fs, dir, number, cipher, bytesRead);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open " + FileNames.blob(number), e);
                }
                open.put(number, r);
            }
            return r;
        }
    }

    /**
     * Reads the value a pointer names.
     *
     * @param stored the array holding the pointer's stored value (write time, pointer)
     * @param off where it starts
     * @param len its length
     * @param userKey the key the pointer was found under
     * @return the stored value of the value itself: the same write time, then the value
     * @throws CorruptionException when the pointer or the record it names is damaged
     */
    public byte[] resolve(byte[] stored, int off, int len, byte[] userKey) {
        long writeTime = StoredValue.writeTime(stored, off, len);
        BlobPointer p = BlobPointer.decode(stored, off, len);
        byte[] value = reader(p.file()).read(p, userKey);
        int n = VarInt.size(writeTime);
        byte[] out = new byte[n + value.length];
        VarInt.writeUnsigned(out, 0, writeTime);
        System.arraycopy(value, 0, out, n, value.length);
        return out;
    }

    /**
     * @param e a version a point read found (any kind)
     * @return {@code e} itself unless it is a blob pointer; then the same version as a
     *     {@link ValueKind#PUT} of the value it points to
     * @throws CorruptionException when the pointer or its record is damaged
     */
    public FoundEntry resolve(FoundEntry e, byte[] userKey) {
        if (e == null || e.kind() != ValueKind.BLOB) {
            return e;
        }
        byte[] pointer = e.storedValue();
        byte[] stored = resolve(pointer, 0, pointer.length, userKey);
        return new FoundEntry(userKey, (e.sequence() << 8) | ValueKind.PUT, stored, 0, stored.length);
    }

    /** Closes every open blob file without deleting anything. */
    public synchronized void closeAll() {
        closing = true;
        for (BlobReader r : open.values()) {
            r.close();
        }
        open.clear();
    }
}
