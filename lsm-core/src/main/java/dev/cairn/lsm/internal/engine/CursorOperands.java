// The merge operands a cursor meets on one user key, folded into the value it shows. Forward, the
// versions of a key arrive newest first and are collected down to a base; backward they arrive
// oldest first and each put, tombstone or operand updates the fold. Not thread-safe; owned by one
// StoreCursor.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.iterator.KeySlices;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds merge operands for a {@link StoreCursor}, with the same rule as a point read: from the
 * newest visible version down, operands are collected until a value (the base), a point
 * tombstone, a version a range tombstone covers, an expired version (all three: no base) or the
 * key's oldest version; the keyspace's operator then folds them. The value shown carries the
 * write time of the newest operand.
 */
final class CursorOperands {
    private final KeyspaceHooks hooks;
    private final long expiredBefore;
    /** Backward: the operands above the base (or above nothing), oldest first. */
    private final List<byte[]> oldestFirst = new ArrayList<>();
    private long newestWriteTime;
    /** Backward: whether the key's versions so far end in a live value below the operands. */
    private boolean hasBase;

    CursorOperands(KeyspaceHooks hooks, long expiredBefore) {
        this.hooks = hooks;
        this.expiredBefore = expiredBefore;
    }

    /**
     * Forward: the stream is on the newest visible version of {@code key}, a live operand. Collects
     * it and the versions below it, leaving the stream on the first version not used (or past the key).
     *
     * @param tomb the sequence of the newest range tombstone covering the key at the cursor's snapshot
     * @return the stored form (write time, value) of the merged value
     */
    byte[] foldForward(MergingIterator it, byte[] key, long tomb) {
        List<byte[]> newestFirst = new ArrayList<>();
        long writeTime = StoredValue.writeTime(it.valueArray(), it.valueOffset(), it.valueLength());
        newestFirst.add(userValue(it));
        byte[] base = null;
        for (it.next(); it.isValid(); it.next()) {
            byte[] ka = it.keyArray();
            int ko = it.keyOffset();
            int userEnd = ko + it.keyLength() - InternalKey.TRAILER;
            if (KeySlices.compareBytes(ka, ko, userEnd, key, 0, key.length) != 0) {
                break;
            }
            long trailer = Bytes.getLong(ka, userEnd);
            int kind = (int) (trailer & 0xFF);
            if (kind == ValueKind.DELETE || tomb > (trailer >>> 8) || expired(it)) {
                break;
            }
            if (kind == ValueKind.PUT) {
                base = userValue(it);
                break;
            }
            newestFirst.add(userValue(it));
        }
        return StoredValue.encode(writeTime, hooks.fullMergeNewestFirst(key, base, newestFirst));
    }

    /** Backward: a version that hides everything older (tombstone, covered, expired) or a new key. */
    void clear() {
        oldestFirst.clear();
        hasBase = false;
    }

    /** Backward: a live value, newer than every version seen so far of the key: the new base. */
    void onValue() {
        oldestFirst.clear();
        hasBase = true;
    }

    /** Backward: a live operand, newer than every version seen so far of the key. */
    void addOperand(byte[] a, int off, int len) {
        newestWriteTime = StoredValue.writeTime(a, off, len);
        oldestFirst.add(Arrays.copyOfRange(a, StoredValue.userValueStart(a, off, len), off + len));
    }

    /** @return whether operands were seen above the key's last base */
    boolean hasOperands() {
        return !oldestFirst.isEmpty();
    }

    /**
     * Backward, at the end of a key with operands.
     *
     * @param key the key
     * @param base holds the stored form of the base value, when there is one
     * @return the stored form of the merged value
     */
    byte[] foldBackward(byte[] key, byte[] base, int baseLength) {
        byte[] baseValue = !hasBase ? null
                : Arrays.copyOfRange(base, StoredValue.userValueStart(base, 0, baseLength), baseLength);
        return StoredValue.encode(newestWriteTime, hooks.fullMerge(key, baseValue, oldestFirst));
    }

    private boolean expired(MergingIterator it) {
        return expiredBefore != Long.MIN_VALUE
                && StoredValue.writeTime(it.valueArray(), it.valueOffset(), it.valueLength()) < expiredBefore;
    }

    private static byte[] userValue(MergingIterator it) {
        byte[] a = it.valueArray();
        int off = it.valueOffset();
        int len = it.valueLength();
        return Arrays.copyOfRange(a, StoredValue.userValueStart(a, off, len), off + len);
    }
}
