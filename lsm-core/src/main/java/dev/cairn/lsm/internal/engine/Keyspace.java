// One column family of an open store: its id and name, its version-side part (FamilyVersions),
// its memtables, its workload meter, and its tuning (options, picker, hooks, job contexts, readers), which setOptions
// replaces as a whole. It is also the family's public handle (ColumnFamily) and what a WriteBatch
// records of it (FamilyTag). Thread-safe: the tuning and the dropped flag are volatile.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.internal.batch.FamilyTag;
import dev.cairn.lsm.internal.compaction.CompactionPicker;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.version.FamilyVersions;

/** A column family's per-family parts; see the file comment. */
final class Keyspace implements ColumnFamily, FamilyTag {
    /**
     * What a family runs with, replaced as a whole by setOptions.
     *
     * @param set the family's own options (what the manifest keeps of them)
     * @param options the store's options with the family's applied
     * @param picker the compaction picker of its strategy
     * @param hooks its merge operator and compaction filter
     * @param contexts how its flushes and compactions are set up
     * @param lookup its point reads
     * @param cursors its cursors
     */
    record Tuning(ColumnFamilyOptions set, StoreOptions options, CompactionPicker picker, KeyspaceHooks hooks,
                  JobContexts contexts, PointLookup lookup, CursorAssembly cursors) {
    }

    private final Object store;
    private final FamilyVersions versions;
    private final MemTables memtables;
    /** The family's workload since open, for the compaction advisor. */
    private final WorkloadMeter meter;
    /** Volatile: replaced by setOptions. */
    private volatile Tuning tuning;
    /** Volatile: set once the drop is durable. */
    private volatile boolean dropped;

    Keyspace(Object store, FamilyVersions versions, MemTables memtables, WorkloadMeter meter) {
        this.store = store;
        this.versions = versions;
        this.memtables = memtables;
        this.meter = meter;
    }

    @Override
    public String name() {
        return versions.name();
    }

    @Override
    public int familyId() {
        return versions.id();
    }

    /** @return whether this handle was made by {@code owner} */
    boolean belongsTo(Object owner) {
        return store == owner;
    }

    FamilyVersions versions() {
        return versions;
    }

    MemTables memtables() {
        return memtables;
    }

    WorkloadMeter meter() {
        return meter;
    }

    Tuning tuning() {
        return tuning;
    }

    void tune(Tuning next) {
        tuning = next;
    }

    boolean dropped() {
        return dropped;
    }

    void markDropped() {
        dropped = true;
    }

    @Override
    public String toString() {
        return "ColumnFamily(" + name() + (dropped ? ", dropped" : "") + ")";
    }
}
