// The 8-byte order-preserving key summary a skiplist keeps beside each link, with an optional stem
// skipped. Immutable; thread-safe.
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;

/**
 * The 8-byte key summary a {@link SkipList} keeps beside each link: an unsigned long that never
 * decreases as user keys increase, so a summary greater than a target's proves the key is past the
 * target and a smaller one proves it is before. Immutable, thread-safe.
 *
 * <p>Keys of one store often share their first bytes (a table name, a tenant, leading zeros of a
 * number), and a summary of those bytes tells keys apart no better than nothing. So a summary may
 * skip a <em>stem</em>: for a key that starts with the stem it is the 8 bytes after it, big-endian,
 * zero-padded when the key ends sooner; a key that sorts before every key with the stem maps to 0
 * and one that sorts after them to all ones. Every case keeps the order (zero padding keeps a key
 * before its extensions), so any stem is correct and a good one is only faster. The stem comes
 * from the previous memtable's key range, on the bet that the next one's keys look alike.
 */
final class LinkPrefix {
    /** Summaries of the first 8 bytes of each key. */
    static final LinkPrefix NONE = new LinkPrefix(new byte[0]);
    /**
     * Bytes left out of the stem at the end of the shared prefix of the previous memtable's
     * smallest and largest key, so that keys slightly outside that range, such as the next run of
     * a sequential fill, still start with the stem.
     */
    private static final int SLACK = 2;

    private final byte[] stem;

    private LinkPrefix(byte[] stem) {
        this.stem = stem;
    }

    /**
     * @param smallest the smallest user key of the previous memtable
     * @param largest its largest user key
     * @return summaries after a stem that keys in and near {@code [smallest, largest]} share
     */
    static LinkPrefix around(byte[] smallest, byte[] largest) {
        int m = Arrays.mismatch(smallest, largest);
        int shared = m < 0 ? smallest.length : m;
        int len = shared - SLACK;
        return len <= 0 ? NONE : new LinkPrefix(Arrays.copyOf(smallest, len));
    }

    /** @return the number of leading bytes the summaries skip */
    int stemLength() {
        return stem.length;
    }

    /** @return the summary of the user key {@code k[off, off+len)} */
    long of(byte[] k, int off, int len) {
        int s = stem.length;
        int m = Arrays.mismatch(k, off, off + len, stem, 0, s);
        if (m < 0 || m == s) {
            return Bytes.getLongPadded(k, off + s, off + len);
        }
        if (m == len) {
            return 0L; // a proper prefix of the stem: before every key that has it
        }
        return (k[off + m] & 0xFF) < (stem[m] & 0xFF) ? 0L : -1L;
    }
}
