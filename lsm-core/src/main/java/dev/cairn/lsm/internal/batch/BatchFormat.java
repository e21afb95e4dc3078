// The batch record layout (docs/format.md, "Batch record"), the one owner of it: the encoder a
// WriteBatch fills, the header every logged record carries, and the decoders recovery and the
// memtable use. Stateless apart from a Builder, which belongs to one batch (not thread-safe).
package dev.cairn.lsm.internal.batch;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encoded form of a write batch, which is also the payload of one WAL record
 * (docs/format.md, "Batch record"):
 *
 * <pre>
 * sequence   fixed64 BE   sequence number of the first operation
 * writeTime  fixed64 BE   epoch milliseconds when the batch was committed
 * count      fixed32 BE   number of operations
 * op*        kind byte, then
 *              PUT          varint keyLen, key, varint valueLen, value
 *              DELETE       varint keyLen, key
 *              RANGE_DELETE varint fromLen, from, varint toLen, to
 *              MERGE        varint keyLen, key, varint operandLen, operand
 *            an operation of a column family other than the default: its kind byte ORed with
 *            {@link #FAMILY_BIT}, then varint familyId, then the fields above
 * </pre>
 *
 * Operation i gets sequence number {@code sequence + i}.
 */
public final class BatchFormat {
    /** Size of the fixed header. */
    public static final int HEADER = 20;
    /** Offsets of the header's fields: this class is the only one that reads or writes them. */
    private static final int SEQUENCE_AT = 0;
    private static final int WRITE_TIME_AT = 8;
    private static final int COUNT_AT = 16;
    /** Operation tag: delete one key. */
    public static final byte DELETE = 0;
    /** Operation tag: put a value. */
    public static final byte PUT = 1;
    /** Operation tag: delete a key range. */
    public static final byte RANGE_DELETE = 2;
    /** Operation tag: a merge operand for a key (records written before merges never hold it). */
    public static final byte MERGE = 3;
    /** Set in the kind byte of an operation of a column family other than the default (its id follows). */
    public static final byte FAMILY_BIT = 0x40;


    private BatchFormat() {
    }

    /** Receives the operations of a batch in order. */
    public interface Handler {
        /**
         * @param key key
         * @param value value
         * @param seq sequence number of this operation
         */
        void put(byte[] key, byte[] value, long seq);

        /**
         * @param key key
         * @param seq sequence number of this operation
         */
        void delete(byte[] key, long seq);

        /**
         * @param from first key deleted
         * @param to first key kept
         * @param seq sequence number of this operation
         */
        void deleteRange(byte[] from, byte[] to, long seq);

        /**
         * A merge operand. By default reported as {@link #put}: both write the key, which is all a
         * handler that only collects written keys needs to know.
         *
         * @param key key
         * @param operand the operand
         * @param seq sequence number of this operation
         */
        default void merge(byte[] key, byte[] operand, long seq) {
            put(key, operand, seq);
        }
    }

    /**
     * Receives the operations of a batch as slices of the encoded record, so the memtable can
     * build its entries with one copy each.
     */
    public interface SliceHandler {
        /**
         * @param rep the record
         * @param kind {@link #PUT}, {@link #DELETE}, {@link #RANGE_DELETE} or {@link #MERGE}
         * @param aOff offset of the key (or range start)
         * @param aLen its length
         * @param bOff offset of the value (or range end); -1 for a delete
         * @param bLen its length
         * @param seq sequence number of this operation
         */
        void op(byte[] rep, byte kind, int aOff, int aLen, int bOff, int bLen, long seq);
    }


    /**
     * Decodes an encoded batch as slices, the operations of every column family alike.
     *
     * @param rep the encoded batch
     * @param length valid bytes
     * @param handler receives the operations
     * @throws CorruptionException if the encoding is malformed
     */
    public static void iterateSlices(byte[] rep, int length, SliceHandler handler) {
        iterateFamilySlices(rep, length, (family, r, kind, aOff, aLen, bOff, bLen, seq) ->
                handler.op(r, kind, aOff, aLen, bOff, bLen, seq));
    }

    /**
     * Decodes an encoded batch as slices, with each operation's column family.
     *
     * @param rep the encoded batch
     * @param length valid bytes
     * @param handler receives the operations
     * @throws CorruptionException if the encoding is malformed
     */
    public static void iterateFamilySlices(byte[] rep, int length, FamilySliceHandler handler) {
        if (length < HEADER) {
            throw new CorruptionException("batch record too short: " + length + " bytes");
        }
        long seq = sequence(rep);
        int count = count(rep);
        int[] pos = {HEADER};
        int seen = 0;
        while (pos[0] < length) {
            byte kind = rep[pos[0]++];
            int family = 0;
            if ((kind & FAMILY_BIT) != 0) {
                kind = (byte) (kind & ~FAMILY_BIT);
                long id = VarInt.readUnsigned(rep, pos, length);
                if (id <= 0 || id > Integer.MAX_VALUE) {
                    throw new CorruptionException("batch record has column family id " + id + " at offset " + pos[0]);
                }
                family = (int) id;
            }
            if (kind != PUT && kind != DELETE && kind != RANGE_DELETE && kind != MERGE) {
                throw new CorruptionException("batch record has unknown operation tag " + kind
                        + " at offset " + (pos[0] - 1));
            }
            int aLen = sliceLength(rep, length, pos);
            int aOff = pos[0];
            pos[0] += aLen;
            int bOff = -1;
            int bLen = 0;
            if (kind != DELETE) {
                bLen = sliceLength(rep, length, pos);
                bOff = pos[0];
                pos[0] += bLen;
            }
            handler.op(family, rep, kind, aOff, aLen, bOff, bLen, seq + seen);
            seen++;
        }
        if (seen != count) {
            throw new CorruptionException("batch record header says " + count + " operations but holds " + seen);
        }
    }

    private static int sliceLength(byte[] rep, int length, int[] pos) {
        long len = VarInt.readUnsigned(rep, pos, length);
        if (len < 0 || len > length - pos[0]) {
            throw new CorruptionException("batch record has a length of " + len + " past its end at offset " + pos[0]);
        }
        return (int) len;
    }

    /** @return sequence of the first op of an encoded batch */
    public static long sequence(byte[] rep) {
        return Bytes.getLong(rep, SEQUENCE_AT);
    }

    /**
     * Fills in the header of an encoded batch (or of a group's record) before it is logged.
     *
     * @param rep the record, at least {@link #HEADER} bytes
     * @param sequence sequence number of its first operation
     * @param writeTime epoch millis of the commit
     * @param count number of operations it holds
     */
    public static void writeHeader(byte[] rep, long sequence, long writeTime, int count) {
        Bytes.putLong(rep, SEQUENCE_AT, sequence);
        Bytes.putLong(rep, WRITE_TIME_AT, writeTime);
        Bytes.putInt(rep, COUNT_AT, count);
    }

    /** @return the length of an encoded batch's operations (all of it but the header) */
    public static int operationsLength(byte[] rep) {
        return rep.length - HEADER;
    }

    /**
     * Appends the operations of encoded batch {@code rep} to {@code record}: a group's record is
     * one header followed by its members' operations, in order.
     *
     * @param at where in {@code record} they go
     * @return the offset just past them
     */
    public static int appendOperations(byte[] rep, byte[] record, int at) {
        int n = rep.length - HEADER;
        System.arraycopy(rep, HEADER, record, at, n);
        return at + n;
    }

    /**
     * A batch with no operations whose sequence is {@code nextSequence}: written first in a
     * write-ahead log that follows a failed append, it tells recovery that the sequence numbers
     * before it were given up (see docs/format.md, "Log continuity").
     *
     * @return the encoded marker
     */
    public static byte[] gapMarker(long nextSequence, long writeTime) {
        byte[] rep = new byte[HEADER];
        writeHeader(rep, nextSequence, writeTime, 0);
        return rep;
    }

    /** @return write time of an encoded batch */
    public static long writeTime(byte[] rep) {
        return Bytes.getLong(rep, WRITE_TIME_AT);
    }

    /** @return operation count of an encoded batch */
    public static int count(byte[] rep) {
        return Bytes.getInt(rep, COUNT_AT);
    }

    /**
     * Decodes an encoded batch, calling {@code handler} per operation.
     *
     * @param rep the encoded batch
     * @param length number of valid bytes in {@code rep}
     * @param handler receives the operations
     * @throws CorruptionException if the encoding is malformed
     */
    public static void iterate(byte[] rep, int length, Handler handler) {
        iterateSlices(rep, length, (r, kind, aOff, aLen, bOff, bLen, seq) -> {
            byte[] a = Arrays.copyOfRange(r, aOff, aOff + aLen);
            switch (kind) {
                case PUT -> handler.put(a, Arrays.copyOfRange(r, bOff, bOff + bLen), seq);
                case DELETE -> handler.delete(a, seq);
                case MERGE -> handler.merge(a, Arrays.copyOfRange(r, bOff, bOff + bLen), seq);
                default -> handler.deleteRange(a, Arrays.copyOfRange(r, bOff, bOff + bLen), seq);
            }
        });
    }

    /** Accumulates operations into the encoded form; the header is filled at commit. */
    public static final class Builder {
        private byte[] buf = new byte[64];
        private int size = HEADER;
        private int count;
        private int merges;
        /** The family handles named by the batch (the default family's excepted), in first-use order. */
        private final List<FamilyTag> families = new ArrayList<>(0);
        /** The family handles (the default family's excepted) whose operations include a merge. */
        private final List<FamilyTag> mergingFamilies = new ArrayList<>(0);

        /**
         * Starts an operation of {@code family} (null: the default family): its kind byte, ORed
         * with the family bit and followed by the family's id unless the family is the default.
         *
         * @throws IllegalArgumentException if {@code family} is not a handle of a Cairn store
         */
        private void begin(byte kind, Object family, int extra, boolean merge) {
            int id = 0;
            if (family != null) {
                if (!(family instanceof FamilyTag tag)) {
                    throw new IllegalArgumentException("family must be a ColumnFamily handle of a Cairn store, was "
                            + family.getClass().getName());
                }
                if (!families.contains(tag)) {
                    families.add(tag);
                }
                id = tag.familyId();
                if (merge && id != 0 && !mergingFamilies.contains(tag)) {
                    mergingFamilies.add(tag);
                }
            }
            if (merge && id == 0) {
                merges++;
            }
            ensure(extra + 5);
            buf[size++] = id == 0 ? kind : (byte) (kind | FAMILY_BIT);
            if (id != 0) {
                size = VarInt.writeUnsigned(buf, size, id);
            }
        }

        /**
         * A put into a column family.
         *
         * @param family the family handle (null: the default family)
         * @param key key
         * @param value value
         */
        public void put(Object family, byte[] key, byte[] value) {
            begin(PUT, family, 1 + 10 + key.length + value.length, false);
            append(key);
            append(value);
            count++;
        }

        /**
         * A merge operand for a key of a column family.
         *
         * @param family the family handle (null: the default family)
         * @param key key
         * @param operand operand
         */
        public void merge(Object family, byte[] key, byte[] operand) {
            begin(MERGE, family, 1 + 10 + key.length + operand.length, true);
            append(key);
            append(operand);
            count++;
        }

        /**
         * A delete in a column family.
         *
         * @param family the family handle (null: the default family)
         * @param key key
         */
        public void delete(Object family, byte[] key) {
            begin(DELETE, family, 1 + 5 + key.length, false);
            append(key);
            count++;
        }

        /**
         * A range delete in a column family.
         *
         * @param family the family handle (null: the default family)
         * @param from first key deleted
         * @param to first key kept
         */
        public void deleteRange(Object family, byte[] from, byte[] to) {
            begin(RANGE_DELETE, family, 1 + 10 + from.length + to.length, false);
            append(from);
            append(to);
            count++;
        }

        /** @return the family handles the batch names (never the default family's), in first-use order */
        public List<FamilyTag> families() {
            return families;
        }

        /** @return the family handles whose operations include a merge (the default family's aside) */
        public List<FamilyTag> mergingFamilies() {
            return mergingFamilies;
        }

        /**
         * @param key key
         * @param value value
         */
        public void put(byte[] key, byte[] value) {
            put(null, key, value);
        }

        /**
         * @param key key
         * @param operand merge operand
         */
        public void merge(byte[] key, byte[] operand) {
            merge(null, key, operand);
        }

        /** @return number of merge operations (a store without a merge operator refuses them) */
        public int merges() {
            return merges;
        }

        /** @param key key */
        public void delete(byte[] key) {
            delete(null, key);
        }

        /**
         * @param from first key deleted
         * @param to first key kept
         */
        public void deleteRange(byte[] from, byte[] to) {
            deleteRange(null, from, to);
        }

        /** @return number of operations */
        public int count() {
            return count;
        }

        /** @return encoded size in bytes, header included */
        public int size() {
            return size;
        }

        /** Removes every operation. */
        public void clear() {
            size = HEADER;
            count = 0;
            merges = 0;
            families.clear();
            mergingFamilies.clear();
        }

        /**
         * Produces the encoded record with its header filled in.
         *
         * @param sequence sequence number of the first operation
         * @param writeTime epoch millis of the commit
         * @return a fresh array holding exactly the record
         */
        public byte[] encode(long sequence, long writeTime) {
            byte[] out = Arrays.copyOf(buf, size);
            writeHeader(out, sequence, writeTime, count);
            return out;
        }

        private void append(byte[] data) {
            size = VarInt.writeUnsigned(buf, size, data.length);
            System.arraycopy(data, 0, buf, size, data.length);
            size += data.length;
        }

        private void ensure(int extra) {
            long needed = (long) size + extra;
            if (needed > buf.length) {
                if (needed > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("write batch would exceed 2 GiB");
                }
                buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
            }
        }
    }
}
