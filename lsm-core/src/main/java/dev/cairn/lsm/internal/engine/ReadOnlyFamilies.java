// The column families of a read-only store: their handles, and the state of each family other than
// the default, loaded from the manifest and the logs at its first read (ReadOnlyLoad for that
// family) and let go at refresh, so a family is never older than the default family's state (reads
// run at the sequence the default family's load reached). Thread-safe: this object's monitor
// guards the loaded states; the names are volatile.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.ReadTier;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.internal.batch.FamilyTag;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.version.TableRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import okio.FileSystem;
import okio.Path;

/** A read-only store's column families; see the file comment. */
final class ReadOnlyFamilies {
    /**
     * A family handle of a read-only store.
     *
     * @param name the family's name
     * @param owner the families it belongs to
     */
    record Handle(String name, ReadOnlyFamilies owner) implements ColumnFamily, FamilyTag {
        /** @return a batch may name the handle (the read-only store then refuses the write, as every write) */
        @Override
        public int familyId() {
            return Math.max(0, owner.names.indexOf(name));
        }

        @Override
        public String toString() {
            return "ColumnFamily(" + name + ", read-only)";
        }
    }

    /**
     * A loaded family other than the default.
     *
     * @param superVersion its memtables and version (one reference, this object's)
     * @param strategy the strategy its manifest records
     * @param options its persisted options' text
     * @param lookup its point reads
     * @param cursors its cursors
     * @param ttl its TTL, or null
     * @param applied the store's options with the family's applied
     * @param meter counts its reads and scans (a read-only store writes nothing)
     */
    record Loaded(SuperVersion superVersion, String strategy, String options, PointLookup lookup,
                  CursorAssembly cursors, Duration ttl, StoreOptions applied, WorkloadMeter meter) {
        /** @return the memtables and version with a reference for the caller */
        SuperVersion acquire() {
            if (!superVersion.tryRef()) {
                throw new IllegalStateException("the family's state was let go");
            }
            return superVersion;
        }
    }

    private final FileSystem fs;
    private final Path dir;
    private final TableRegistry tables;
    private final StoreCipher cipher;
    private final StoreOptions options;
    private final StoreCounters counters;
    private final BooleanSupplier closed;
    /** Volatile: the live families' names as the default family's last load found them. */
    private volatile List<String> names = List.of(ColumnFamily.DEFAULT_NAME);
    /** Guarded by this object's monitor. */
    private final Map<String, Loaded> loaded = new HashMap<>();

    ReadOnlyFamilies(FileSystem fs, Path dir, TableRegistry tables, StoreCipher cipher, StoreOptions options,
                     StoreCounters counters, BooleanSupplier closed) {
        this.fs = fs;
        this.dir = dir;
        this.tables = tables;
        this.cipher = cipher;
        this.options = options;
        this.counters = counters;
        this.closed = closed;
    }

    /** After each load of the default family: the names it found; every other family's state is let go. */
    synchronized void reset(List<String> live) {
        names = List.copyOf(live);
        releaseAll();
    }

    /** Lets go of every loaded family (at refresh and close). */
    synchronized void releaseAll() {
        for (Loaded l : loaded.values()) {
            l.superVersion().retire();
        }
        loaded.clear();
    }

    /** @return the handle of the live family of this name, or null */
    ColumnFamily handle(String name) {
        return names.contains(name) ? new Handle(name, this) : null;
    }

    /** @return the live families' handles, the default first */
    List<ColumnFamily> handles() {
        return names.stream().map(n -> (ColumnFamily) new Handle(n, this)).toList();
    }

    /**
     * @return the name of the live family {@code family} is
     * @throws IllegalArgumentException if it is null, another store's, or no longer live
     */
    String check(ColumnFamily family) {
        if (family == null) {
            throw new IllegalArgumentException("family must not be null");
        }
        if (!(family instanceof Handle h) || h.owner() != this) {
            throw new IllegalArgumentException("column family " + family.name() + " is not a family of this store");
        }
        if (!names.contains(h.name())) {
            throw new IllegalArgumentException("column family " + h.name() + " was dropped");
        }
        return h.name();
    }

    /** @return the loaded state of a family other than the default, loading it at its first use */
    synchronized Loaded get(String name) throws IOException {
        Loaded l = loaded.get(name);
        if (l != null) {
            return l;
        }
        ReadOnlyLoad.Loaded state = new ReadOnlyLoad(fs, dir, tables, cipher, options.memtableSizeBytes(), name).load();
        StoreOptions o = FamilyOptionsText.decode(state.familyOptions(), name).appliedTo(options);
        KeyspaceHooks hooks = KeyspaceHooks.of(o, name);
        WorkloadMeter meter = new WorkloadMeter(options.clock().millis());
        l = new Loaded(state.superVersion(), state.strategy(), state.familyOptions(),
                new PointLookup(tables, counters, meter, false, () -> { }, hooks),
                new CursorAssembly(tables, () -> expiredBefore(o.ttl()), closed, hooks, meter), o.ttl(), o, meter);
        loaded.put(name, l);
        return l;
    }

    /**
     * A point read of a loaded family.
     *
     * @param sequence the sequence to read at (it drops the view's reference when it throws)
     */
    byte[] read(Loaded f, byte[] key, ReadOptions readOptions, ToLongFunction<SuperVersion> sequence) {
        Limits.checkKey(key, "key");
        SuperVersion sv = f.acquire();
        long seq = sequence.applyAsLong(sv);
        byte[] value;
        try {
            long expired = expiredBefore(f.ttl());
            value = readOptions.readTier() == ReadTier.MEMORY_ONLY ? f.lookup().getCached(sv, key, seq, expired)
                    : f.lookup().get(sv, key, seq, expired, readOptions.fillCache());
        } catch (UncheckedIOException e) {
            throw Failures.wrap("read failed", e);
        } finally {
            sv.unref();
        }
        if (value == PointLookup.NEEDS_IO) {
            throw new IncompleteReadException("the value of a key is not in memory (read it with ReadTier.ALL)");
        }
        return value;
    }

    /**
     * A cursor over a loaded family.
     *
     * @param sequence the sequence to read at (it drops the view's reference when it throws)
     */
    Cursor cursor(Loaded f, ReadOptions readOptions, ToLongFunction<SuperVersion> sequence) {
        SuperVersion sv = f.acquire();
        long seq = sequence.applyAsLong(sv);
        try {
            return f.cursors().open(sv, seq, readOptions.fillCache(), readOptions.readTier() == ReadTier.MEMORY_ONLY);
        } catch (RuntimeException e) {
            sv.unref();
            throw e instanceof UncheckedIOException u ? Failures.wrap("cannot open cursor", u) : e;
        }
    }

    /** @return entries written before this epoch millis are expired under {@code ttl} (MIN_VALUE: none) */
    long expiredBefore(Duration ttl) {
        return ttl == null ? Long.MIN_VALUE : options.clock().millis() - ttl.toMillis();
    }
}
