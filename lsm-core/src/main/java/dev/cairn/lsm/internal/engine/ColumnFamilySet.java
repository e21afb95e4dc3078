// The column families of an open store: the live families by id and name, each a Keyspace, and
// what changes them (create, drop, setOptions: each one manifest edit, made under the store lock so
// no memtable switch runs meanwhile). Also checks the family handles a caller or a batch names.
// Thread-safe: `live` is a volatile copy-on-write list replaced under the store lock.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.batch.FamilyTag;
import dev.cairn.lsm.internal.compaction.CompactionPicker;
import dev.cairn.lsm.internal.compaction.Pickers;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.version.FamilyVersions;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import okio.FileSystem;
import okio.Path;

/** The live column families of a store, and their creation, drop and retuning. */
final class ColumnFamilySet {
    /** The longest family name, in characters. */
    static final int MAX_NAME_LENGTH = 255;

    private final Object store;
    private final StoreLock lock;
    private final StoreOptions options;
    private final FileSystem fs;
    private final Path dir;
    private final StoreCipher cipher;
    private final TableRegistry tables;
    private final VersionSet versions;
    private final SnapshotList snapshots;
    private final StoreClock clock;
    private final StoreCounters counters;
    private final BooleanSupplier closed;
    /** Set once, before the first family opens: asked for compaction work by reads and retuning. */
    private Runnable compactionWanted = () -> { };
    /** Volatile; replaced under the store lock (or at open, before other threads see the store). */
    private volatile List<Keyspace> live = List.of();

    ColumnFamilySet(Object store, StoreLock lock, StoreOptions options, FileSystem fs, Path dir, StoreCipher cipher,
                    TableRegistry tables, VersionSet versions, SnapshotList snapshots, StoreClock clock,
                    StoreCounters counters, BooleanSupplier closed) {
        this.store = store;
        this.lock = lock;
        this.options = options;
        this.fs = fs;
        this.dir = dir;
        this.cipher = cipher;
        this.tables = tables;
        this.versions = versions;
        this.snapshots = snapshots;
        this.clock = clock;
        this.counters = counters;
        this.closed = closed;
    }

    /** At open: what reads and retuning call when a family may have compaction work. */
    void compactionWanted(Runnable wanted) {
        this.compactionWanted = wanted;
    }

    /** @return the live families, the default first, then by id */
    List<Keyspace> live() {
        return live;
    }

    /** @return the default family */
    Keyspace defaultFamily() {
        return live.get(0);
    }

    /** @return the live family with this id, or null */
    Keyspace byId(int id) {
        for (Keyspace ks : live) {
            if (ks.familyId() == id) {
                return ks;
            }
        }
        return null;
    }

    /** @return the live family of this name, or null */
    Keyspace byName(String name) {
        for (Keyspace ks : live) {
            if (ks.name().equals(name)) {
                return ks;
            }
        }
        return null;
    }

    /**
     * At open (recovery), one call per family the manifest holds: the family's open form. The
     * default family runs with the store's options; another with the options its manifest records.
     */
    Keyspace open(FamilyVersions fv) {
        ColumnFamilyOptions set = fv.id() == 0 ? ColumnFamilyOptions.defaults()
                : FamilyOptionsText.decode(fv.options(), fv.name());
        WorkloadMeter meter = new WorkloadMeter(clock.now());
        Keyspace ks = new Keyspace(store, fv, new MemTables(lock, fv), meter);
        ks.tune(tuning(fv.name(), set, meter));
        List<Keyspace> next = new ArrayList<>(live);
        next.add(ks);
        live = List.copyOf(next);
        return ks;
    }

    /** @return what a family with its own options {@code set} and workload meter {@code meter} runs with */
    private Keyspace.Tuning tuning(String name, ColumnFamilyOptions set, WorkloadMeter meter) {
        StoreOptions o = set.appliedTo(options);
        CompactionPicker picker = Pickers.forStrategy(o, snapshots::oldestAsOf);
        KeyspaceHooks hooks = KeyspaceHooks.of(o, name);
        TableOptions tableOptions = new TableOptions(o.blockSize(), TableOptions.DATA_RESTART_INTERVAL,
                o.bloomBitsPerKey(), o.compression(), cipher);
        JobContexts contexts = new JobContexts(fs, dir, tables, tableOptions, versions, snapshots, clock, hooks, o.ttl());
        PointLookup lookup = new PointLookup(tables, counters, meter, picker.compactsBySeeks(),
                () -> compactionWanted.run(), hooks);
        CursorAssembly cursors = new CursorAssembly(tables, () -> clock.expiredBefore(o.ttl()), closed, hooks, meter);
        return new Keyspace.Tuning(set, o, picker, hooks, contexts, lookup, cursors);
    }

    /**
     * Creates a family: one manifest edit (its name, options, strategy, and the active log as its
     * log number: no older log holds its writes), then a fresh memtable on the active log.
     */
    Keyspace create(String name, ColumnFamilyOptions familyOptions) {
        checkName(name);
        if (familyOptions == null) {
            throw new IllegalArgumentException("options must not be null (use ColumnFamilyOptions.defaults())");
        }
        WorkloadMeter meter = new WorkloadMeter(clock.now());
        Keyspace.Tuning tuning = tuning(name, familyOptions, meter);
        lock.lock();
        try {
            if (byName(name) != null) {
                throw new IllegalArgumentException("a column family named \"" + name + "\" exists already");
            }
            long activeLog = defaultFamily().memtables().active().walNumber();
            int id = versions.newFamilyId();
            VersionEdit edit = new VersionEdit().setFamily(id).setCreatedFamily(name)
                    .setFamilyOptions(FamilyOptionsText.encode(familyOptions))
                    .setStrategy(tuning.options().compaction().kind().name()).setLogNumber(activeLog);
            try {
                versions.logAndApply(edit);
            } catch (IOException e) {
                throw Failures.wrap("cannot create column family " + name, e);
            }
            FamilyVersions fv = versions.family(id);
            Keyspace ks = new Keyspace(store, fv, new MemTables(lock, fv), meter);
            ks.tune(tuning);
            ks.memtables().start(MemTable.planned(activeLog, tuning.options().memtableSizeBytes()));
            List<Keyspace> next = new ArrayList<>(live);
            next.add(ks);
            live = List.copyOf(next);
            return ks;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops a family: one manifest edit; then its memtables and its version are let go, so its
     * tables are deleted as soon as no reader holds them. Its flushes and compactions still running
     * find it dropped and throw their outputs away.
     */
    void drop(ColumnFamily family) {
        Keyspace ks = check(family);
        if (ks.familyId() == 0) {
            throw new IllegalArgumentException("the default column family cannot be dropped");
        }
        lock.lock();
        try {
            if (ks.dropped()) {
                throw new IllegalArgumentException("column family " + ks.name() + " was dropped");
            }
            try {
                versions.logAndApply(new VersionEdit().setFamily(ks.familyId()).setDropFamily());
            } catch (IOException e) {
                throw Failures.wrap("cannot drop column family " + ks.name(), e);
            }
            ks.markDropped();
            List<Keyspace> next = new ArrayList<>(live);
            next.remove(ks);
            live = List.copyOf(next);
            ks.memtables().close();
            lock.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retunes a live family: the values {@code change} sets replace the family's, durably (one
     * manifest edit), then the new tuning takes over; a new strategy picks from the tree as it is.
     */
    void setOptions(ColumnFamily family, ColumnFamilyOptions change, EventListener listener) {
        Keyspace ks = check(family);
        if (change == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        ColumnFamilyOptions merged = merge(ks.tuning().set(), change);
        Keyspace.Tuning next = tuning(ks.name(), merged, ks.meter());
        String from;
        String to = next.options().compaction().kind().name();
        lock.lock();
        try {
            from = ks.tuning().options().compaction().kind().name();
            VersionEdit edit = new VersionEdit().setFamilyOptions(FamilyOptionsText.encode(merged)).setStrategy(to);
            try {
                ks.versions().logAndApply(edit);
            } catch (IOException e) {
                throw Failures.wrap("cannot change the options of column family " + ks.name(), e);
            }
            ks.tune(next);
            ks.memtables().publish();
        } finally {
            lock.unlock();
        }
        if (change.compaction() != null) {
            String migration = StrategyMigration.describe(from, to);
            Events.deliver(() -> listener.onStrategyChanged(ks.name(), from, to, migration));
        }
        compactionWanted.run();
    }

    /** @return {@code base} with every value {@code change} sets replaced */
    private static ColumnFamilyOptions merge(ColumnFamilyOptions base, ColumnFamilyOptions change) {
        ColumnFamilyOptions.Builder b = base.toBuilder();
        if (change.memtableSizeBytes() != null) {
            b.memtableSizeBytes(change.memtableSizeBytes());
        }
        if (change.compaction() != null) {
            b.compaction(change.compaction());
        }
        if (change.bloomBitsPerKey() != null) {
            b.bloomBitsPerKey(change.bloomBitsPerKey());
        }
        if (change.blockSize() != null) {
            b.blockSize(change.blockSize());
        }
        if (change.compression() != null) {
            b.compression(change.compression());
        }
        if (change.ttl() != null) {
            b.ttl(change.ttl());
        }
        if (change.mergeOperator() != null) {
            b.mergeOperator(change.mergeOperator());
        }
        if (change.compactionFilter() != null) {
            b.compactionFilter(change.compactionFilter());
        }
        return b.build();
    }

    /**
     * @return the live family {@code family} is
     * @throws IllegalArgumentException if it is null, another store's, or dropped
     */
    Keyspace check(ColumnFamily family) {
        if (family == null) {
            throw new IllegalArgumentException("family must not be null");
        }
        if (!(family instanceof Keyspace ks) || !ks.belongsTo(store)) {
            throw new IllegalArgumentException("column family " + family.name() + " is not a family of this store");
        }
        if (ks.dropped()) {
            throw new IllegalArgumentException("column family " + ks.name() + " was dropped");
        }
        return ks;
    }

    /**
     * Store lock held: every live family's state for a copy, each with a reference the copy drops.
     */
    List<StoreCopy.Part> copyParts() {
        List<StoreCopy.Part> parts = new ArrayList<>();
        for (Keyspace ks : live) {
            FamilyVersions fv = ks.versions();
            parts.add(new StoreCopy.Part(fv.id(), fv.name(), fv.options(), fv.strategy(), ks.memtables().acquire(),
                    ks.tuning().contexts().tableOptions()));
        }
        return parts;
    }

    /** Refuses, before anything is written, a batch naming a family that is not live here, or merging without an operator. */
    void checkBatch(BatchFormat.Builder encoded) {
        for (FamilyTag tag : encoded.families()) {
            check((ColumnFamily) tag);
        }
        defaultFamily().tuning().hooks().checkMerges(encoded.merges());
        for (FamilyTag tag : encoded.mergingFamilies()) {
            ((Keyspace) tag).tuning().hooks().checkMergeable();
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a column family name must be 1 to " + MAX_NAME_LENGTH
                    + " characters, was " + (name == null ? "null" : name.length() + " characters"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("a column family name must not hold control characters (at index "
                        + i + ")");
            }
        }
    }
}
