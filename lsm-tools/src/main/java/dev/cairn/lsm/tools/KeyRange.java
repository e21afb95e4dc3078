// A [from, to) key range given on the command line, decoded and checked (a reversed range is
// refused with a message before anything is opened). Immutable.
package dev.cairn.lsm.tools;

import java.util.Arrays;

/**
 * A half-open key range.
 *
 * @param from first key, or null for the start of the store
 * @param to first key past the range, or null for the end of the store
 */
record KeyRange(byte[] from, byte[] to) {
    /**
     * @throws ToolException (usage) when a bound is malformed or from sorts after to
     */
    static KeyRange of(ByteFormat f, String from, String to) {
        byte[] a = from == null ? null : f.decode(from, "--from");
        byte[] b = to == null ? null : f.decode(to, "--to");
        if (a != null && b != null && Arrays.compareUnsigned(a, b) > 0) {
            throw ToolException.usage("reversed range: --from \"" + from + "\" sorts after --to \"" + to
                    + "\" (a range is [from, to); use --reverse to walk it backwards)");
        }
        return new KeyRange(a, b);
    }

    /** @return whether {@code key} is below {@code to} */
    boolean belowEnd(byte[] key) {
        return to == null || Arrays.compareUnsigned(key, to) < 0;
    }

    /** @return whether {@code key} is at or after {@code from} */
    boolean atOrAfterStart(byte[] key) {
        return from == null || Arrays.compareUnsigned(key, from) >= 0;
    }
}
