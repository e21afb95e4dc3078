// Applies an encoded batch record to a memtable, one copy per entry straight into its arena. Used
// by the commit leader (which also tells the keyspace's workload meter) and by recovery, one
// writer at a time per memtable. Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.memtable.MemTable;
import java.util.Arrays;

/**
 * Applies an encoded batch record to a memtable, building each internal key and stored value
 * straight into the memtable's arena (one copy, no intermediate arrays). Used by the commit leader and by WAL recovery.
 */
final class MemTableInserter {
    private MemTableInserter() {
    }

    static void apply(MemTable mem, byte[] record, long time) {
        apply(mem, record, time, null);
    }

    /** As {@link #apply(MemTable, byte[], long)}, telling {@code meter} (when not null) of every write. */
    static void apply(MemTable mem, byte[] record, long time, WorkloadMeter meter) {
        BatchFormat.iterateSlices(record, record.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> {
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
