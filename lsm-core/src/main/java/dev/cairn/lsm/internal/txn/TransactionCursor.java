// A transaction's cursor in one column family: the snapshot's cursor of the family with the
// transaction's writes there (its FamilyWrites) merged over it,
// in both directions. A snapshot key is hidden when the write set holds a write of it (its own
// put shows instead, its own delete hides it, its own merge shows the fold) or a deleted range
// covers it; the write set's puts and merged keys show wherever they are (a put or merge after a
// deleteRange is newer than the range). The write set is
// consulted at every step, so writes made while the cursor is open are seen from the next
// positioning on. Moving forward the snapshot cursor rests on the first visible snapshot key at or
// after the current key (backward: at or before); a change of direction re-seeks it. For a
// serializable transaction every seek opens a Coverage and every step widens it. Not thread-safe.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.StoreClosedException;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** The merged view of a transaction's snapshot and write set. */
final class TransactionCursor implements Cursor {
    private final Cursor base;
    private final FamilyWrites writes;
    /** The value of a key the transaction wrote itself, in its view (null: deleted). */
    private final UnaryOperator<byte[]> ownValue;
    /** Null unless the transaction is serializable. */
    private final ReadSet reads;
    private final Runnable onClose;
    private ReadSet.Coverage coverage;
    private boolean closed;
    private boolean valid;
    private boolean forward = true;
    private byte[] key;
    private byte[] value;
    /** Whether the current entry is the snapshot cursor's (else the write set's). */
    private boolean fromBase;

    TransactionCursor(Cursor base, FamilyWrites writes, UnaryOperator<byte[]> ownValue, ReadSet reads,
                      Runnable onClose) {
        this.base = base;
        this.writes = writes;
        this.ownValue = ownValue;
        this.reads = reads;
        this.onClose = onClose;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException("transaction cursor is closed");
        }
    }

    private void checkValid() {
        checkOpen();
        if (!valid) {
            throw new IllegalStateException("cursor is not positioned on an entry (check isValid())");
        }
    }

    @Override
    public boolean isValid() {
        checkOpen();
        return valid;
    }

    @Override
    public void seekToFirst() {
        checkOpen();
        base.seekToFirst();
        settleForward(null, true);
        cover(null, valid ? ReadSet.Coverage.successor(key) : null);
    }

    @Override
    public void seekToLast() {
        checkOpen();
        base.seekToLast();
        settleBackward(null, true);
        cover(valid ? key : null, null);
    }

    @Override
    public void seek(byte[] target) {
        checkTarget(target);
        base.seek(target);
        settleForward(target, true);
        cover(target.clone(), valid ? ReadSet.Coverage.successor(key) : null);
    }

    @Override
    public void seekForPrev(byte[] target) {
        checkTarget(target);
        base.seekForPrev(target);
        settleBackward(target, true);
        cover(valid ? key : null, ReadSet.Coverage.successor(target));
    }

    @Override
    public void next() {
        checkValid();
        if (!forward) {
            base.seek(key);
            settleForward(key, false);
        } else {
            if (fromBase) {
                base.next();
            }
            settleForward(key, false);
        }
        if (coverage != null) {
            coverage.upTo(valid ? key : null);
        }
    }

    @Override
    public void prev() {
        checkValid();
        if (forward) {
            base.seekForPrev(key);
            settleBackward(key, false);
        } else {
            if (fromBase) {
                base.prev();
            }
            settleBackward(key, false);
        }
        if (coverage != null) {
            coverage.down(valid ? key : null);
        }
    }

    /**
     * The snapshot cursor has been moved to at or after {@code from} (past it unless
     * {@code inclusive}); skips what the write set hides and picks the smaller of the two sides.
     */
    private void settleForward(byte[] from, boolean inclusive) {
        forward = true;
        if (!inclusive && base.isValid() && Arrays.compareUnsigned(base.key(), from) == 0) {
            base.next();
        }
        while (base.isValid()) {
            byte[] k = base.key();
            if (writes.writes(k)) {
                base.next();
                continue;
            }
            byte[] end = writes.coveringRangeEnd(k);
            if (end == null) {
                break;
            }
            base.seek(end);
        }
        byte[] own = writes.nextVisible(from, inclusive);
        byte[] baseKey = base.isValid() ? base.key() : null;
        pick(baseKey, own, baseKey != null && (own == null || Arrays.compareUnsigned(baseKey, own) < 0));
    }

    /** The mirror of {@link #settleForward}: the snapshot cursor is at or before {@code from}. */
    private void settleBackward(byte[] from, boolean inclusive) {
        forward = false;
        if (!inclusive && base.isValid() && Arrays.compareUnsigned(base.key(), from) == 0) {
            base.prev();
        }
        while (base.isValid()) {
            byte[] k = base.key();
            if (writes.writes(k)) {
                base.prev();
                continue;
            }
            byte[] start = writes.coveringRangeStart(k);
            if (start == null) {
                break;
            }
            base.seekForPrev(start);
            if (base.isValid() && Arrays.compareUnsigned(base.key(), start) == 0) {
                base.prev();
            }
        }
        byte[] own = writes.previousVisible(from, inclusive);
        byte[] baseKey = base.isValid() ? base.key() : null;
        pick(baseKey, own, baseKey != null && (own == null || Arrays.compareUnsigned(baseKey, own) > 0));
    }

    private void pick(byte[] baseKey, byte[] own, boolean takeBase) {
        fromBase = takeBase;
        if (takeBase) {
            key = baseKey;
            value = base.value();
            valid = true;
        } else if (own != null) {
            key = own;
            value = ownValue.apply(own);
            valid = true;
        } else {
            key = null;
            value = null;
            valid = false;
        }
    }

    private void cover(byte[] from, byte[] to) {
        if (reads != null) {
            coverage = reads.range(writes.family, from == null ? null : from.clone(), to);
        }
    }

    private void checkTarget(byte[] target) {
        checkOpen();
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
    }

    @Override
    public byte[] key() {
        checkValid();
        return key.clone();
    }

    @Override
    public byte[] value() {
        checkValid();
        return value.clone();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        valid = false;
        base.close();
        onClose.run();
    }
}
