// The internal key layout (user key + 8-byte trailer of sequence and kind) and its order.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.key;

import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Internal keys: a user key followed by an 8-byte big-endian trailer {@code (sequence << 8) | kind}.
 * Internal order is user key ascending (unsigned bytes), then trailer descending, so the newest
 * version of a key comes first. Every layer below the public API (memtable, tables, iterators,
 * compaction) speaks internal keys.
 */
public final class InternalKey {
    /** Bytes of the trailer. */
    public static final int TRAILER = 8;
    /** Largest sequence number (56 bits). */
    public static final long MAX_SEQUENCE = (1L << 56) - 1;
    /** Kind code used in seek targets: sorts before every real entry of the same sequence. */
    public static final int SEEK_KIND = 0xFF;

    /** Orders encoded internal keys. */
    public static final Comparator<byte[]> COMPARATOR = InternalKey::compare;

    private InternalKey() {
    }

    /**
     * @param userKey the user key
     * @param sequence sequence number
     * @param kind one of {@link ValueKind} codes (or {@link #SEEK_KIND})
     * @return the encoded internal key
     */
    public static byte[] encode(byte[] userKey, long sequence, int kind) {
        byte[] out = Arrays.copyOf(userKey, userKey.length + TRAILER);
        Bytes.putLong(out, userKey.length, (sequence << 8) | (kind & 0xFF));
        return out;
    }

    /**
     * The seek target for "newest version of userKey visible at sequence".
     *
     * @param userKey user key
     * @param sequence snapshot sequence
     * @return an internal key sorting just before every visible version of userKey
     */
    public static byte[] seekKey(byte[] userKey, long sequence) {
        return encode(userKey, sequence, SEEK_KIND);
    }

    /**
     * The largest key of a table whose range tombstone ends (exclusively) at {@code userKey}: it
     * sorts before every real version of {@code userKey}.
     */
    public static byte[] rangeEndSentinel(byte[] userKey) {
        return encode(userKey, MAX_SEQUENCE, SEEK_KIND);
    }

    /** @return whether {@code ikey} is a {@link #rangeEndSentinel} */
    public static boolean isRangeEndSentinel(byte[] ikey) {
        return trailer(ikey) == -1L;
    }

    /** @return the trailer of an encoded internal key */
    public static long trailer(byte[] ikey) {
        return Bytes.getLong(ikey, ikey.length - TRAILER);
    }

    /** @return the sequence number of an encoded internal key */
    public static long sequence(byte[] ikey) {
        return sequenceOf(trailer(ikey));
    }

    /** @return the sequence number a trailer holds */
    public static long sequenceOf(long trailer) {
        return trailer >>> 8;
    }

    /** @return the kind code of an encoded internal key */
    public static int kind(byte[] ikey) {
        return (int) (trailer(ikey) & 0xFF);
    }

    /** @return the length of the user-key part */
    public static int userKeyLength(byte[] ikey) {
        return ikey.length - TRAILER;
    }

    /** @return a copy of the user-key part */
    public static byte[] userKey(byte[] ikey) {
        return Arrays.copyOf(ikey, ikey.length - TRAILER);
    }

    /** Compares two encoded internal keys in internal order. */
    public static int compare(byte[] a, byte[] b) {
        int c = Arrays.compareUnsigned(a, 0, a.length - TRAILER, b, 0, b.length - TRAILER);
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(trailer(b), trailer(a));
    }

    /** Compares the user-key part of an internal key with a plain user key. */
    public static int compareUserKey(byte[] ikey, byte[] userKey) {
        return Arrays.compareUnsigned(ikey, 0, ikey.length - TRAILER, userKey, 0, userKey.length);
    }

    /** Whether two internal keys have the same user key. */
    public static boolean sameUserKey(byte[] a, byte[] b) {
        return Arrays.equals(a, 0, a.length - TRAILER, b, 0, b.length - TRAILER);
    }

    /** Compares two plain user keys (unsigned lexicographic). */
    public static int compareUserKeys(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** @return a readable form for messages: hex user key, sequence and kind */
    public static String describe(byte[] ikey) {
        if (ikey == null || ikey.length < TRAILER) {
            return String.valueOf(ikey == null ? null : "<short key>");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ikey.length - TRAILER && i < 32; i++) {
            sb.append(String.format("%02x", ikey[i]));
        }
        return sb + "@" + sequence(ikey) + ":" + kind(ikey);
    }
}
