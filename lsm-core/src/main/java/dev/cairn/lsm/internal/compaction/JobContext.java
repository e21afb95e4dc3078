// What a flush or compaction job needs from the engine, captured when it starts. Immutable (the
// snapshot array is the job's own copy).
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import okio.FileSystem;
import okio.Path;

/**
 * What a flush or compaction job needs from the engine.
 *
 * @param fs the store's file system
 * @param dir the store directory
 * @param tables the open-table registry
 * @param tableOptions how to build tables
 * @param fileNumbers hands out new file numbers
 * @param snapshots live snapshot sequences, ascending
 * @param expiredBefore values written before this epoch millis are expired (Long.MIN_VALUE: no TTL)
 * @param now the clock's epoch millis at job start
 * @param cancelled true once the job must stop
 * @param retainAbove every version with a sequence above this is inside the version-retention
 *     window and kept (Long.MAX_VALUE when the store does not retain versions); the sequence itself
 *     is among {@code snapshots}, pinning what the store held when the window began
 * @param hooks the keyspace's merge operator and compaction filter
 */
public record JobContext(FileSystem fs, Path dir, TableRegistry tables, TableOptions tableOptions,
                         LongSupplier fileNumbers, long[] snapshots, long expiredBefore, long now,
                         BooleanSupplier cancelled, long retainAbove, KeyspaceHooks hooks) {
    /** A context for a store that does not retain versions. */
    public JobContext(FileSystem fs, Path dir, TableRegistry tables, TableOptions tableOptions,
                      LongSupplier fileNumbers, long[] snapshots, long expiredBefore, long now,
                      BooleanSupplier cancelled, KeyspaceHooks hooks) {
        this(fs, dir, tables, tableOptions, fileNumbers, snapshots, expiredBefore, now, cancelled, Long.MAX_VALUE,
                hooks);
    }
}
