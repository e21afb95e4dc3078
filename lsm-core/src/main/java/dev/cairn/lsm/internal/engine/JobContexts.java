// Makes the JobContext a flush or compaction job runs with: the store's files and open tables, how
// to build tables, where new file numbers come from (the version set), the live snapshots and the
// TTL cut-off, captured when the job starts, and the keyspace's merge operator and filter. Holds only final references; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.compaction.JobContext;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.VersionSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import okio.FileSystem;
import okio.Path;

/** Creates job contexts for one store. */
final class JobContexts {
    private final FileSystem fs;
    private final Path dir;
    private final TableRegistry tables;
    private final TableOptions tableOptions;
    private final VersionSet versions;
    private final SnapshotList snapshots;
    private final StoreClock clock;
    private final KeyspaceHooks hooks;
    /** The keyspace's TTL, or null. */
    private final Duration ttl;

    JobContexts(FileSystem fs, Path dir, TableRegistry tables, TableOptions tableOptions, VersionSet versions,
                SnapshotList snapshots, StoreClock clock, KeyspaceHooks hooks, Duration ttl) {
        this.ttl = ttl;
        this.fs = fs;
        this.dir = dir;
        this.tables = tables;
        this.tableOptions = tableOptions;
        this.versions = versions;
        this.snapshots = snapshots;
        this.clock = clock;
        this.hooks = hooks;
    }

    /** @return how the store's tables are built (a checkpoint writes its memtables with them) */
    TableOptions tableOptions() {
        return tableOptions;
    }

    /**
     * @param cancelled true once the job must stop
     * @return the context of a job starting now
     */
    JobContext create(BooleanSupplier cancelled) {
        long[] live = snapshots.sequences();
        long retainAbove = retainAbove();
        return new JobContext(fs, dir, tables, tableOptions, versions::newFileNumber, withPin(live, retainAbove),
                expiredBefore(), clock.now(), cancelled, retainAbove, hooks);
    }

    /**
     * The TTL cut-off of a job: the clock's for compactions, moved back to the oldest instant an
     * open snapshot reads as of (a read-only transaction as of an instant), which must keep
     * seeing what had not expired then for as long as it is open.
     */
    private long expiredBefore() {
        long cut = clock.compactionExpiredBefore(ttl);
        long asOf = snapshots.oldestAsOf();
        return cut == Long.MIN_VALUE || asOf == Long.MAX_VALUE ? cut : Math.min(cut, clock.expiredBeforeAt(ttl, asOf));
    }

    /**
     * The newest sequence committed before the version-retention window began: versions above it
     * are kept, and it is pinned like the oldest snapshot (what the store held at the window's
     * edge). Long.MAX_VALUE when the store does not retain versions or has no commit times yet.
     * Prunes the commit times the window no longer needs.
     */
    private long retainAbove() {
        CommitTimes times = versions.commitTimes();
        if (times == null) {
            return Long.MAX_VALUE;
        }
        long edge = clock.retainedFrom();
        times.prune(edge);
        long base = times.base(edge);
        return base < 0 ? Long.MAX_VALUE : base;
    }

    private static long[] withPin(long[] snapshots, long pin) {
        if (pin == Long.MAX_VALUE || Arrays.binarySearch(snapshots, pin) >= 0) {
            return snapshots;
        }
        long[] out = Arrays.copyOf(snapshots, snapshots.length + 1);
        out[snapshots.length] = pin;
        Arrays.sort(out);
        return out;
    }
}
