// A store opened read-only (LsmStore.openReadOnly): no lock, no writes, no compaction, no
// recovery side effects on disk. It reads through a ReadOnlyFileSystem, so nothing it does can
// change a byte. Reads see the state loaded at open; refresh() loads the state again and
// publishes it, catching up with what the owner wrote since. It serves no versioned reads (asOf,
// history): those are refused with an IllegalArgumentException. Reads never block on a refresh:
// they hold a reference to the SuperVersion they started with. Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.CompactionAdvice;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.ReadTier;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.ReadOnlyFileSystem;
import dev.cairn.lsm.internal.io.SerializedFileSystem;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.version.TableRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileSystem;
import okio.Path;

/** The {@link LsmStore} of {@link LsmStore#openReadOnly}. */
public final class ReadOnlyStore extends ReadOnlyRefusals {
    private final FileSystem fs;
    private final Path dir;
    private final StoreOptions options;
    /** Opens the tables, logs and manifests of an encrypted store (and seals a copy's); else null. */
    private final StoreCipher cipher;
    private final BlockCache cache;
    private final TableRegistry tables;
    private final PointLookup lookup;
    private final SnapshotList snapshots;
    /** Its reads' counters; the counters of writes and background work stay zero. */
    private final StoreCounters counters = new StoreCounters();
    private final ReadOnlyLoad loader;
    private final CursorAssembly cursors;
    /** Counts this store's reads and scans; it writes nothing, so its advice rests on the tables' shape. */
    private final WorkloadMeter meter;
    /** The column families: handles, and the families other than the default, loaded at their first read. */
    private final ReadOnlyFamilies families;
    private final Object refreshLock = new Object();
    private volatile SuperVersion current;
    private volatile long lastSequence;
    private volatile boolean closed;
    /** The compaction strategy the manifest loaded last records. */
    private volatile String strategy = "";

    private ReadOnlyStore(Path dir, StoreOptions options) {
        // First: a key supplier that fails or gives a bad key is refused before anything is read.
        this.cipher = StoreCipher.of(options.encryption(), dir.toString());
        this.fs = SerializedFileSystem.wrap(new ReadOnlyFileSystem(options.fileSystem()));
        this.dir = dir;
        this.options = options;
        this.cache = options.blockCacheBytes() > 0 ? new BlockCache(options.blockCacheBytes()) : null;
        // Obsolete tables are closed when no version names them; deleting them is the owner's job
        // (the read-only file system refuses it, and the registry shrugs that off).
        this.snapshots = new SnapshotList(() -> options.clock().millis());
        this.tables = new TableRegistry(fs, dir, cache, cipher, Runnable::run, counters.tableBytesRead);
        KeyspaceHooks hooks = KeyspaceHooks.of(options);
        this.meter = new WorkloadMeter(options.clock().millis());
        this.lookup = new PointLookup(tables, counters, meter, false, () -> { }, hooks);
        this.loader = new ReadOnlyLoad(fs, dir, tables, cipher, options.memtableSizeBytes());
        this.cursors = new CursorAssembly(tables, this::expiredBefore, () -> closed, hooks, meter);
        this.families = new ReadOnlyFamilies(fs, dir, tables, cipher, options, counters, () -> closed);
    }

    /**
     * Opens {@code dir} read-only.
     *
     * @param dir the store directory (another process may hold it open)
     * @param options read options; the file system, block cache size, memtable size, TTL and
     *     encryption are used
     * @return the store
     * @throws dev.cairn.lsm.CorruptionException if what it reads is damaged
     * @throws LsmException if the directory holds no store or cannot be read
     */
    public static LsmStore open(Path dir, StoreOptions options) {
        ReadOnlyStore s = new ReadOnlyStore(dir, options);
        try {
            s.install(s.loader.load());
            return s;
        } catch (IOException | RuntimeException e) {
            s.tables.closeAll();
            throw Failures.wrap("cannot open store " + dir + " read-only", e);
        }
    }

    private void install(ReadOnlyLoad.Loaded loaded) {
        SuperVersion old = current;
        current = loaded.superVersion();
        lastSequence = Math.max(lastSequence, loaded.lastSequence());
        strategy = loaded.strategy();
        families.reset(loaded.families());
        if (old != null) {
            old.retire();
        }
    }

    private SuperVersion acquire() {
        while (true) {
            SuperVersion sv = current;
            if (sv == null) {
                throw new StoreClosedException("store " + dir + " is closed");
            }
            if (sv.tryRef()) {
                return sv;
            }
        }
    }

    @Override
    Path dir() {
        return dir;
    }

    @Override
    void checkOpen() {
        if (closed) {
            throw new StoreClosedException("store " + dir + " is closed");
        }
    }

    private long readSequence(ReadOptions options, SuperVersion sv) {
        if (options == null) {
            sv.unref();
            throw new IllegalArgumentException("read options must not be null (use ReadOptions.defaults())");
        }
        if (options.asOf() != null) {
            sv.unref();
            throw noVersionedReads("read as of " + options.asOf());
        }
        Snapshot s = options.snapshot();
        if (s == null) {
            return lastSequence;
        }
        if (!snapshots.owns(s)) {
            sv.unref();
            throw new IllegalArgumentException("snapshot " + s + " does not belong to this store");
        }
        return s.sequence();
    }

    private long expiredBefore() {
        return options.ttl() == null ? Long.MIN_VALUE : options.clock().millis() - options.ttl().toMillis();
    }

    @Override
    public byte[] get(byte[] key, ReadOptions readOptions) {
        byte[] value = read(key, readOptions);
        if (value == PointLookup.NEEDS_IO) {
            throw new IncompleteReadException("the value of a key is not in memory (read it with ReadTier.ALL)");
        }
        return value;
    }

    @Override
    public byte[] getOrIncomplete(byte[] key, ReadOptions readOptions, byte[] incomplete) {
        byte[] value = read(key, readOptions);
        return value == PointLookup.NEEDS_IO ? incomplete : value;
    }

    /** A point read, from memory only under {@link ReadTier#MEMORY_ONLY} (as the writable store reads). */
    private byte[] read(byte[] key, ReadOptions readOptions) {
        checkOpen();
        Limits.checkKey(key, "key");
        SuperVersion sv = acquire();
        long seq = readSequence(readOptions, sv);
        try {
            return readOptions.readTier() == ReadTier.MEMORY_ONLY
                    ? lookup.getCached(sv, key, seq, expiredBefore())
                    : lookup.get(sv, key, seq, expiredBefore(), readOptions.fillCache());
        } catch (UncheckedIOException e) {
            throw Failures.wrap("read failed", e);
        } finally {
            sv.unref();
        }
    }

    @Override
    public Cursor newCursor(ReadOptions readOptions) {
        checkOpen();
        SuperVersion sv = acquire();
        long seq = readSequence(readOptions, sv);
        try {
            return cursors.open(sv, seq, readOptions.fillCache(), readOptions.readTier() == ReadTier.MEMORY_ONLY);
        } catch (RuntimeException e) {
            sv.unref();
            throw e instanceof UncheckedIOException u ? Failures.wrap("cannot open cursor", u) : e;
        }
    }

    /**
     * A snapshot at the sequence loaded last. The owner does not know of it: after a
     * {@link #refresh()} its compactions may have dropped versions the snapshot would read.
     */
    @Override
    public Snapshot snapshot() {
        checkOpen();
        return snapshots.take(() -> lastSequence);
    }

    @Override
    public void refresh() {
        checkOpen();
        synchronized (refreshLock) {
            try {
                install(loader.load());
            } catch (IOException e) {
                throw Failures.wrap("cannot refresh store " + dir, e);
            }
        }
    }

    @Override
    public void checkpoint(Path target) {
        if (target == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        try (StoreCopy c = copy()) {
            c.writeCheckpoint(options.fileSystem(), target);
        } catch (IOException e) {
            throw Failures.wrap("checkpoint of " + dir + " into " + target + " failed", e);
        }
    }

    /** @return a copy of the state loaded last, every column family's */
    StoreCopy copy() {
        checkOpen();
        List<StoreCopy.Part> parts = new ArrayList<>();
        parts.add(new StoreCopy.Part(0, ColumnFamily.DEFAULT_NAME, "", strategy, acquire(), tableOptions(options)));
        try {
            List<ColumnFamily> all = families.handles();
            for (int i = 1; i < all.size(); i++) {
                ReadOnlyFamilies.Loaded f = family(all.get(i).name());
                StoreOptions o = FamilyOptionsText.decode(f.options(), all.get(i).name()).appliedTo(options);
                // Ids are the copy's own: the copy's manifest names each family afresh.
                parts.add(new StoreCopy.Part(i, all.get(i).name(), f.options(), f.strategy(), f.acquire(),
                        tableOptions(o)));
            }
        } catch (RuntimeException e) {
            parts.forEach(p -> p.sv().unref());
            throw e;
        }
        return new StoreCopy(fs, options.fileSystem(), dir, parts, parts.size() - 1, lastSequence,
                options.clock().millis(), null);
    }

    private TableOptions tableOptions(StoreOptions o) {
        return new TableOptions(o.blockSize(), TableOptions.DATA_RESTART_INTERVAL, o.bloomBitsPerKey(), o.compression(),
                cipher);
    }

    @Override
    public ColumnFamily columnFamily(String name) {
        checkOpen();
        return families.handle(name);
    }

    @Override
    public List<ColumnFamily> columnFamilies() {
        checkOpen();
        return families.handles();
    }

    @Override
    public byte[] get(ColumnFamily family, byte[] key, ReadOptions readOptions) {
        checkOpen();
        String name = families.check(family);
        if (name.equals(ColumnFamily.DEFAULT_NAME)) {
            return get(key, readOptions);
        }
        return families.read(family(name), key, readOptions, sv -> readSequence(readOptions, sv));
    }

    /** @return the loaded state of a family other than the default */
    private ReadOnlyFamilies.Loaded family(String name) {
        try {
            return families.get(name);
        } catch (IOException e) {
            throw Failures.wrap("cannot read column family " + name + " of store " + dir, e);
        }
    }

    @Override
    public Cursor newCursor(ColumnFamily family, ReadOptions readOptions) {
        checkOpen();
        String name = families.check(family);
        if (name.equals(ColumnFamily.DEFAULT_NAME)) {
            return newCursor(readOptions);
        }
        return families.cursor(family(name), readOptions, sv -> readSequence(readOptions, sv));
    }

    @Override
    public StoreStats stats(ColumnFamily family) {
        checkOpen();
        String name = families.check(family);
        if (name.equals(ColumnFamily.DEFAULT_NAME)) {
            return stats();
        }
        SuperVersion sv = family(name).acquire();
        try {
            return counters.report(sv, cache, 0, lastSequence, snapshots, 0);
        } finally {
            sv.unref();
        }
    }

    @Override
    public StoreStats stats() {
        checkOpen();
        SuperVersion sv = acquire();
        try {
            // Counters of writes and background work stay zero: a read-only store does none of its own.
            return counters.report(sv, cache, 0, lastSequence, snapshots, 0);
        } finally {
            sv.unref();
        }
    }

    /** Advises from the tables' shape and the reads measured here: a read-only store sees none of its writer's writes. */
    @Override
    public CompactionAdvice compactionAdvice(ColumnFamily family) {
        checkOpen();
        String name = families.check(family);
        StoreStats stats = stats(family);
        if (!name.equals(ColumnFamily.DEFAULT_NAME)) {
            ReadOnlyFamilies.Loaded f = family(name);
            SuperVersion sv = f.acquire();
            try {
                return KeyspaceAdvice.advise(family, f.meter(), stats, sv.version, f.strategy(), f.applied(),
                        options.clock().millis());
            } finally {
                sv.unref();
            }
        }
        SuperVersion sv = acquire();
        try {
            return KeyspaceAdvice.advise(family, meter, stats, sv.version, strategy, options, options.clock().millis());
        } finally {
            sv.unref();
        }
    }

    @Override
    public void close() {
        synchronized (refreshLock) {
            if (closed) {
                return;
            }
            closed = true;
            SuperVersion sv = current;
            current = null;
            if (sv != null) {
                sv.retire();
            }
            families.releaseAll();
            tables.closeAll();
        }
    }

    @Override
    public String toString() {
        return "LsmStore(" + dir + ", read-only" + (closed ? ", closed" : "") + ")";
    }
}
