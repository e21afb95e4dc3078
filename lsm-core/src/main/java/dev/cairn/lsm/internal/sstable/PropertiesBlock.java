// Encodes and decodes a table's properties block. Stateless; thread-safe.
package dev.cairn.lsm.internal.sstable;

/**
 * Layout (all varints): entryCount, pointTombstones, rangeTombstones, minSequence, maxSequence,
 * minWriteTime, maxWriteTime, creationTime, rawKeyBytes, rawValueBytes, then smallestKey and
 * largestKey each as {@code varint length+1, bytes} where 0 means absent. The file size is not
 * stored; the reader takes it from the file.
 */
final class PropertiesBlock {
    private PropertiesBlock() {
    }

    static ByteSink encode(TableProperties p) {
        ByteSink out = new ByteSink();
        out.putVarint(p.entryCount()).putVarint(p.pointTombstones()).putVarint(p.rangeTombstones())
                .putVarint(p.minSequence()).putVarint(p.maxSequence()).putVarint(p.minWriteTime())
                .putVarint(p.maxWriteTime()).putVarint(p.creationTime()).putVarint(p.rawKeyBytes())
                .putVarint(p.rawValueBytes());
        putOptional(out, p.smallestKey());
        putOptional(out, p.largestKey());
        return out;
    }

    private static void putOptional(ByteSink out, byte[] key) {
        if (key == null) {
            out.putVarint(0);
        } else {
            out.putVarint(key.length + 1L).putBytes(key);
        }
    }

    static TableProperties decode(byte[] data, int length, String fileName, long offset, long fileSize) {
        ByteSource in = new ByteSource(data, length, fileName, offset, "properties");
        long entries = in.varint();
        long pointTombstones = in.varint();
        long rangeTombstones = in.varint();
        long minSeq = in.varint();
        long maxSeq = in.varint();
        long minTime = in.varint();
        long maxTime = in.varint();
        long created = in.varint();
        long rawKeys = in.varint();
        long rawValues = in.varint();
        byte[] smallest = optional(in);
        byte[] largest = optional(in);
        if (!in.atEnd()) {
            throw in.corrupt("trailing bytes");
        }
        return new TableProperties(entries, pointTombstones, rangeTombstones, smallest, largest, minSeq, maxSeq,
                minTime, maxTime, created, rawKeys, rawValues, fileSize);
    }

    private static byte[] optional(ByteSource in) {
        long n = in.varint();
        if (n == 0) {
            return null;
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw in.corrupt("key length " + (n - 1) + " exceeds the block");
        }
        return in.bytes((int) n - 1);
    }
}
