package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/**
 * Applies an encoded batch record to a memtable, building each internal key and stored value
 * with exactly one allocation and one copy. Used by the commit leader and by WAL recovery.
 */
final class MemTableInserter {
    private MemTableInserter() {
    }

    static void apply(MemTable mem, byte[] record, long time) {
        int timeLen = VarInt.size(time);
        BatchFormat.iterateSlices(record, record.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> {
            if (kind == BatchFormat.RANGE_DELETE) {
                mem.addRangeTombstone(new RangeTombstone(Arrays.copyOfRange(rep, aOff, aOff + aLen),
                        Arrays.copyOfRange(rep, bOff, bOff + bLen), seq), time);
                return;
            }
            int code = kind == BatchFormat.PUT ? ValueKind.PUT : ValueKind.DELETE;
            byte[] ikey = new byte[aLen + InternalKey.TRAILER];
            System.arraycopy(rep, aOff, ikey, 0, aLen);
            Bytes.putLong(ikey, aLen, (seq << 8) | code);
            byte[] stored = new byte[timeLen + bLen];
            VarInt.writeUnsigned(stored, 0, time);
            if (bLen > 0) {
                System.arraycopy(rep, bOff, stored, timeLen, bLen);
            }
            mem.add(ikey, stored, time);
        });
    }
}
