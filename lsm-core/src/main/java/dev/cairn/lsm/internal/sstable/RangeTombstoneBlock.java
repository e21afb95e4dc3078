// Encodes and decodes a table's range-tombstone block. Stateless; thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.key.RangeTombstone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layout: {@code varint count}, then per tombstone {@code varint startLen, start, varint endLen,
 * end, varint sequence}, sorted by start ascending then sequence descending.
 */
final class RangeTombstoneBlock {
    private RangeTombstoneBlock() {
    }

    static ByteSink encode(List<RangeTombstone> tombstones) {
        ByteSink out = new ByteSink();
        out.putVarint(tombstones.size());
        for (RangeTombstone t : tombstones) {
            out.putLengthPrefixed(t.start()).putLengthPrefixed(t.end()).putVarint(t.sequence());
        }
        return out;
    }

    static List<RangeTombstone> decode(byte[] data, int length, String fileName, long offset) {
        ByteSource in = new ByteSource(data, length, fileName, offset, "range-tombstone");
        // each tombstone takes at least 3 bytes, which bounds the count before allocating
        int count = in.length(length / 3);
        List<RangeTombstone> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] start = in.lengthPrefixed();
            byte[] end = in.lengthPrefixed();
            out.add(new RangeTombstone(start, end, in.varint()));
        }
        if (!in.atEnd()) {
            throw in.corrupt("trailing bytes");
        }
        return Collections.unmodifiableList(out);
    }
}
