// Applies an encoded batch record to a memtable, one copy per entry straight into its arena. Used
// by the commit leader (which also tells each family's workload meter) and by recovery, one writer
// at a time per memtable; each operation goes to the memtable of its column family. Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.memtable.MemTable;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Applies an encoded batch record to a memtable, building each internal key and stored value
 * straight into the memtable's arena (one copy, no intermediate arrays). Used by the commit leader and by WAL recovery.
 */
final class MemTableInserter {
    private MemTableInserter() {
    }

    /** Applies every operation of {@code record} to {@code mem}, whatever its column family. */
    static void apply(MemTable mem, byte[] record, long time) {
        apply((IntFunction<MemTable>) family -> mem, record, time);
    }

    /**
     * Applies each operation of {@code record} to the memtable {@code target} gives for its column
     * family; an operation whose family gets null (dropped, or not replayed from this log) is skipped.
     */
    static void apply(IntFunction<MemTable> target, byte[] record, long time) {
        apply(target, null, record, time);
    }

    /**
     * As {@link #apply(IntFunction, byte[], long)}, telling the workload meter {@code meters} gives
     * for each operation's family (when not null) of every write.
     */
    static void apply(IntFunction<MemTable> target, IntFunction<WorkloadMeter> meters, byte[] record, long time) {
        BatchFormat.iterateFamilySlices(record, record.length, (family, rep, kind, aOff, aLen, bOff, bLen, seq) -> {
            MemTable mem = target.apply(family);
            if (mem == null) {
                return;
            }
            WorkloadMeter meter = meters == null ? null : meters.apply(family);
            if (meter != null) {
                if (kind == BatchFormat.PUT || kind == BatchFormat.MERGE) {
                    meter.put(rep, aOff, aLen);
                } else {
                    meter.delete(rep, aOff, aLen);
                }
            }
            if (kind == BatchFormat.RANGE_DELETE) {
                mem.addRangeTombstone(new RangeTombstone(Arrays.copyOfRange(rep, aOff, aOff + aLen),
                        Arrays.copyOfRange(rep, bOff, bOff + bLen), seq), time);
                return;
            }
            int code = kind == BatchFormat.PUT ? ValueKind.PUT
                    : kind == BatchFormat.MERGE ? ValueKind.MERGE : ValueKind.DELETE;
            mem.add(rep, aOff, aLen, (seq << 8) | code, time, Math.max(bOff, 0), bLen);
        });
    }
}
