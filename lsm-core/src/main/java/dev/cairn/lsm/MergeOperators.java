// The built-in merge operators (64-bit add, append with a delimiter, max, set union) and the
// encodings they read and write. Stateless; every operator returned is immutable and thread-safe.
package dev.cairn.lsm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Built-in {@link MergeOperator}s. Each one supports {@link MergeOperator#partialMerge}, so
 * compaction can shorten operand stacks even where it does not see the base value.
 *
 * <ul>
 *   <li>{@link #uint64Add()}: counters. Values and operands are 8-byte little-endian unsigned
 *       integers (RocksDB's {@code UInt64AddOperator}); the sum wraps at 2^64.
 *   <li>{@link #append(byte[])} / {@link #stringAppend(String)}: each operand is appended to the
 *       value, with the delimiter in between (none before the first element).
 *   <li>{@link #max()}: keeps the largest of the value and the operands, bytes compared unsigned
 *       lexicographically (as {@code Arrays.compareUnsigned}).
 *   <li>{@link #setUnion()}: values and operands are sets of elements in the encoding of
 *       {@link #encodeSet(Collection)}: elements sorted (unsigned lexicographic) and distinct, each
 *       written as an unsigned LEB128 varint length followed by its bytes. An empty array is the
 *       empty set. The union is written in the same canonical form.
 * </ul>
 *
 * An operand (or stored value) in the wrong encoding (a counter that is not 8 bytes, a set that
 * does not parse) makes the operator throw {@link IllegalArgumentException}: a read of the key
 * fails naming it, a compaction becomes a background error. Nothing is silently treated as zero.
 */
public final class MergeOperators {
    private static final MergeOperator UINT64_ADD = new Uint64Add();
    private static final MergeOperator MAX = new Max();
    private static final MergeOperator SET_UNION = new SetUnion();

    private MergeOperators() {
    }

    /** @return the 64-bit unsigned add operator (8-byte little-endian counters) */
    public static MergeOperator uint64Add() {
        return UINT64_ADD;
    }

    /**
     * @param delimiter bytes written between elements (may be empty)
     * @return the bytes-append operator
     */
    public static MergeOperator append(byte[] delimiter) {
        if (delimiter == null) {
            throw new IllegalArgumentException("delimiter must not be null (use new byte[0] for none)");
        }
        return new Append(delimiter.clone());
    }

    /**
     * @param delimiter text written between elements, encoded as UTF-8 (may be empty)
     * @return the append operator for UTF-8 strings, RocksDB's {@code StringAppendOperator}
     */
    public static MergeOperator stringAppend(String delimiter) {
        if (delimiter == null) {
            throw new IllegalArgumentException("delimiter must not be null (use \"\" for none)");
        }
        return new Append(delimiter.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the max operator (unsigned lexicographic byte order) */
    public static MergeOperator max() {
        return MAX;
    }

    /** @return the set-union operator (see {@link #encodeSet(Collection)} for the encoding) */
    public static MergeOperator setUnion() {
        return SET_UNION;
    }

    /**
     * @param value an unsigned 64-bit counter (negative longs stand for values above 2^63)
     * @return its 8-byte little-endian form, the operand {@link #uint64Add()} reads
     */
    public static byte[] uint64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /**
     * @param bytes an 8-byte little-endian counter
     * @return its value
     * @throws IllegalArgumentException if {@code bytes} is not 8 bytes long
     */
    public static long uint64Value(byte[] bytes) {
        if (bytes == null || bytes.length != 8) {
            throw new IllegalArgumentException("a uint64Add counter is 8 bytes (little-endian), got "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }

    /**
     * Encodes a set for {@link #setUnion()}: elements sorted unsigned-lexicographically and
     * deduplicated, each an unsigned LEB128 varint length followed by its bytes.
     *
     * @param elements the elements (none null)
     * @return the canonical encoding
     */
    public static byte[] encodeSet(Collection<byte[]> elements) {
        if (elements == null) {
            throw new IllegalArgumentException("elements must not be null");
        }
        TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        for (byte[] e : elements) {
            if (e == null) {
                throw new IllegalArgumentException("a set element must not be null");
            }
            sorted.add(e);
        }
        return encodeSorted(sorted);
    }

    /**
     * @param set a set in the encoding of {@link #encodeSet(Collection)}
     * @return its elements in order
     * @throws IllegalArgumentException if {@code set} does not parse
     */
    public static List<byte[]> decodeSet(byte[] set) {
        if (set == null) {
            throw new IllegalArgumentException("set must not be null");
        }
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < set.length) {
            long len = 0;
            int shift = 0;
            while (true) {
                if (pos >= set.length || shift > 28) {
                    throw new IllegalArgumentException("malformed set: bad element length at offset " + pos);
                }
                byte b = set[pos++];
                len |= (long) (b & 0x7F) << shift;
                shift += 7;
                if (b >= 0) {
                    break;
                }
            }
            if (len > set.length - pos) {
                throw new IllegalArgumentException("malformed set: element of " + len + " bytes past the end");
            }
            out.add(Arrays.copyOfRange(set, pos, pos + (int) len));
            pos += (int) len;
        }
        return out;
    }

    private static byte[] encodeSorted(Collection<byte[]> sorted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : sorted) {
            int len = e.length;
            while ((len & ~0x7F) != 0) {
                out.write((len & 0x7F) | 0x80);
                len >>>= 7;
            }
            out.write(len);
            out.write(e, 0, e.length);
        }
        return out.toByteArray();
    }

    private static final class Uint64Add implements MergeOperator {
        @Override
        public byte[] fullMerge(byte[] key, byte[] existingOrNull, List<byte[]> operands) {
            long sum = existingOrNull == null ? 0 : uint64Value(existingOrNull);
            for (byte[] op : operands) {
                sum += uint64Value(op);
            }
            return uint64(sum);
        }

        @Override
        public byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
            return uint64(uint64Value(left) + uint64Value(right));
        }

        @Override
        public String name() {
            return "uint64Add";
        }
    }

    private static final class Append implements MergeOperator {
        private final byte[] delimiter;

        Append(byte[] delimiter) {
            this.delimiter = delimiter;
        }

        @Override
        public byte[] fullMerge(byte[] key, byte[] existingOrNull, List<byte[]> operands) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean first = true;
            if (existingOrNull != null) {
                out.writeBytes(existingOrNull);
                first = false;
            }
            for (byte[] op : operands) {
                if (!first) {
                    out.writeBytes(delimiter);
                }
                out.writeBytes(op);
                first = false;
            }
            return out.toByteArray();
        }

        @Override
        public byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
            return fullMerge(key, left, List.of(right));
        }

        @Override
        public String name() {
            return "append(" + delimiter.length + "-byte delimiter)";
        }
    }

    private static final class Max implements MergeOperator {
        @Override
        public byte[] fullMerge(byte[] key, byte[] existingOrNull, List<byte[]> operands) {
            byte[] best = existingOrNull;
            for (byte[] op : operands) {
                if (best == null || Arrays.compareUnsigned(op, best) > 0) {
                    best = op;
                }
            }
            return best.clone();
        }

        @Override
        public byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
            return (Arrays.compareUnsigned(right, left) > 0 ? right : left).clone();
        }

        @Override
        public String name() {
            return "max";
        }
    }

    private static final class SetUnion implements MergeOperator {
        @Override
        public byte[] fullMerge(byte[] key, byte[] existingOrNull, List<byte[]> operands) {
            TreeSet<byte[]> all = new TreeSet<>(Arrays::compareUnsigned);
            if (existingOrNull != null) {
                all.addAll(decodeSet(existingOrNull));
            }
            for (byte[] op : operands) {
                all.addAll(decodeSet(op));
            }
            return encodeSorted(all);
        }

        @Override
        public byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
            return fullMerge(key, left, List.of(right));
        }

        @Override
        public String name() {
            return "setUnion";
        }
    }
}
