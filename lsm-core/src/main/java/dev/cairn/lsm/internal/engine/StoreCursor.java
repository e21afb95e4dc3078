// The public cursor over the merged internal stream: the newest visible version of each key at one
// sequence, tombstones, range tombstones and TTL applied, reading ahead when stepping forward. Not
// thread-safe; owned by its caller.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.KeySlices;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.util.Bytes;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The public cursor: turns the merged stream of internal entries into the user's view at one
 * sequence number. For each user key it shows the newest version visible at the snapshot, and
 * hides it when that version is a point tombstone, is covered by a newer visible range
 * tombstone, or has expired under the TTL. Moving backward scans all versions of a key (they
 * arrive oldest first) and keeps the newest, as LevelDB's DBIter does; a change of direction
 * re-seeks the merged stream around the current key. Merge operands are folded into the value
 * shown ({@link CursorOperands}).
 *
 * <p>Entries are read in place ({@link dev.cairn.lsm.internal.iterator.SliceIterator}): the cursor
 * keeps its own copy of the stream's current user key (it is the skip key of the next step).
 * After a seek forward it leaves the merged stream on the entry it shows, so the value is copied
 * only when {@link #value()} asks for it. Moving backward the stream has moved past the entry
 * shown, so its stored value is copied into a reused buffer. Positioning allocates nothing unless range tombstones must be consulted.
 *
 * <p>Stepping forward reads ahead ({@link ReadAhead}): one call finds several entries and copies
 * them, and the steps after it show those copies. Whatever code calls {@link #next()}, the loop
 * that merges and decodes runs in {@link #fillAhead()}, compiled once for itself; a failure met
 * while reading ahead is raised at the step that reaches it. Any positioning or change of
 * direction drops what was read ahead. Not thread-safe.
 */
final class StoreCursor implements Cursor {
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * The merged stream, always a {@link MergingIterator} (a single source is wrapped too): one
     * concrete final class here keeps every call from this cursor statically bound, so the JIT
     * compiles the cursor once for every store shape instead of re-compiling it when the shape
     * (one memtable, or memtables plus tables) changes.
     */
    private final MergingIterator iter;
    private final long snapshot;
    private final RangeTombstoneSet tombstones;
    private final boolean noTombstones;
    private final long expiredBefore;
    private final BooleanSupplier storeClosed;
    private final Runnable onClose;
    private final CursorOperands operands;
    private boolean closed;
    private boolean valid;
    private boolean forward = true;
    /** The user key of the merged stream's entry: keyBuf[0, keyLength); the skip key of the next step forward. */
    private byte[] keyBuf = new byte[32];
    private int keyLength;
    /** The user key shown: a slice of keyBuf, or of the read-ahead copies. */
    private byte[] shownKey = keyBuf;
    private int shownKeyOffset;
    private int shownKeyLength;
    private final ReadAhead ahead = ReadAhead.take();
    /** The stored value shown: a slice of the merged stream, of the read-ahead copies, or of valueBuf (backward). */
    private byte[] valueArray;
    private int valueOffset;
    private int valueLength;
    /** Backward only: the shown entry's stored value (allocated on the first backward step). */
    private byte[] valueBuf = NO_BYTES;

    StoreCursor(InternalIterator iter, long snapshot, RangeTombstoneSet tombstones, long expiredBefore,
                BooleanSupplier storeClosed, Runnable onClose, KeyspaceHooks hooks) {
        this.iter = iter instanceof MergingIterator m ? m : new MergingIterator(List.of(iter));
        this.snapshot = snapshot;
        this.tombstones = tombstones;
        this.noTombstones = tombstones.isEmpty();
        this.expiredBefore = expiredBefore;
        this.storeClosed = storeClosed;
        this.onClose = onClose;
        this.operands = new CursorOperands(hooks, expiredBefore);
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException("cursor is closed");
        }
        if (storeClosed.getAsBoolean()) {
            throw new StoreClosedException("store is closed");
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

    /** Reports an I/O failure below as an {@link LsmException} (cursor state is then undefined). */
    private LsmException failed(UncheckedIOException e) {
        valid = false;
        return new LsmException("cursor read failed: " + e.getMessage(), e.getCause());
    }

    @Override
    public void seekToFirst() {
        checkOpen();
        try {
            ahead.reset();
            iter.seekToFirst();
            findNext(false);
            showStream();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    @Override
    public void seekToLast() {
        checkOpen();
        try {
            ahead.reset();
            iter.seekToLast();
            findPrev();
            showStream();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    @Override
    public void seek(byte[] target) {
        checkOpen();
        requireKey(target);
        try {
            ahead.reset();
            iter.seek(InternalKey.seekKey(target, snapshot));
            findNext(false);
            showStream();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    @Override
    public void seekForPrev(byte[] target) {
        checkOpen();
        requireKey(target);
        // Last internal entry whose user key is <= target: everything of target sorts before (target, 0, DELETE).
        try {
            ahead.reset();
            iter.seekForPrev(InternalKey.encode(target, 0, ValueKind.DELETE));
            findPrev();
            showStream();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    @Override
    public void next() {
        checkValid();
        try {
            if (!forward) {
                iter.seek(InternalKey.seekKey(shownKey(), InternalKey.MAX_SEQUENCE));
                ahead.reset();
                forward = true;
            } else if (ahead.advance()) {
                showAhead();
                return;
            }
            fillAhead();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    @Override
    public void prev() {
        checkValid();
        try {
            if (forward) {
                iter.seek(InternalKey.seekKey(shownKey(), InternalKey.MAX_SEQUENCE));
                ahead.reset();
                if (iter.isValid()) {
                    iter.prev();
                } else {
                    iter.seekToLast();
                }
            }
            findPrev();
            showStream();
        } catch (UncheckedIOException e) {
            throw failed(e);
        }
    }

    /**
     * Forward, with the stream on the entry shown last (or on the key a change of direction
     * sought): finds up to a batch of the visible entries after it, copies them into
     * {@link #ahead} and shows the first. A failure after at least one entry is kept for the
     * step that reaches it.
     */
    private void fillAhead() {
        int batch = ahead.startBatch();
        try {
            for (int n = 0; n < batch; n++) {
                findNext(true);
                if (!valid || !ahead.add(keyBuf, 0, keyLength, valueArray, valueOffset, valueLength)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            if (ahead.count() == 0) {
                // The stream's key buffer, which the shown key may share, is half-way to another
                // key: show nothing rather than a key that was never written.
                valid = false;
                throw e;
            }
            ahead.failAfterEntries(e);
        }
        if (ahead.count() == 0) {
            valid = false;
            return;
        }
        valid = true;
        showAhead();
    }

    /** Shows the entry the stream sits on (after a positioning or a backward step). */
    private void showStream() {
        shownKey = keyBuf;
        shownKeyOffset = 0;
        shownKeyLength = keyLength;
    }

    /** Shows the read-ahead entry {@link #ahead} is at. */
    private void showAhead() {
        shownKey = ahead.keys();
        shownKeyOffset = ahead.keyOffset();
        shownKeyLength = ahead.keyLength();
        valueArray = ahead.values();
        valueOffset = ahead.valueOffset();
        valueLength = ahead.valueLength();
    }

    /** @return a copy of the user key shown */
    private byte[] shownKey() {
        return Arrays.copyOfRange(shownKey, shownKeyOffset, shownKeyOffset + shownKeyLength);
    }

    /**
     * Forward: positions on the first visible user key at or after the stream, skipping user keys
     * up to the current one when {@code skipCurrent}.
     */
    private void findNext(boolean skipCurrent) {
        forward = true;
        MergingIterator it = iter;
        boolean skip = skipCurrent;
        while (it.isValid()) {
            byte[] ka = it.keyArray();
            int ko = it.keyOffset();
            int userEnd = ko + it.keyLength() - InternalKey.TRAILER;
            long trailer = Bytes.getLong(ka, userEnd);
            if ((trailer >>> 8) > snapshot
                    || (skip && KeySlices.compareBytes(ka, ko, userEnd, keyBuf, 0, keyLength) <= 0)) {
                it.next();
                continue;
            }
            // The newest visible version of its user key.
            setKey(ka, ko, userEnd - ko);
            skip = true;
            if (visible(trailer)) {
                byte[] va = it.valueArray();
                int vo = it.valueOffset();
                int vl = it.valueLength();
                if (alive(va, vo, vl)) {
                    if ((int) (trailer & 0xFF) == ValueKind.MERGE) {
                        byte[] key = Arrays.copyOf(keyBuf, keyLength);
                        va = operands.foldForward(it, key, noTombstones ? 0 : tombstones.maxCoveringSeq(key, snapshot));
                        vo = 0;
                        vl = va.length;
                    }
                    if (valueArray != va) {
                        valueArray = va;
                    }
                    valueOffset = vo;
                    valueLength = vl;
                    valid = true;
                    return;
                }
            }
            it.next();
        }
        valid = false;
    }

    /** Backward: positions on the last visible user key at or before the stream. */
    private void findPrev() {
        forward = false;
        MergingIterator it = iter;
        boolean haveCandidate = false;
        boolean candidateLive = false;
        while (it.isValid()) {
            byte[] ka = it.keyArray();
            int ko = it.keyOffset();
            int userEnd = ko + it.keyLength() - InternalKey.TRAILER;
            long trailer = Bytes.getLong(ka, userEnd);
            if ((trailer >>> 8) <= snapshot) {
                if (haveCandidate && KeySlices.compareBytes(ka, ko, userEnd, keyBuf, 0, keyLength) < 0) {
                    if (candidateLive) {
                        break;
                    }
                    haveCandidate = false;
                }
                if (!haveCandidate) {
                    setKey(ka, ko, userEnd - ko);
                    haveCandidate = true;
                    operands.clear();
                }
                // Versions arrive oldest first: each visible one replaces the candidate's value.
                candidateLive = false;
                if (visible(trailer)) {
                    byte[] va = it.valueArray();
                    int vo = it.valueOffset();
                    int vl = it.valueLength();
                    if (!alive(va, vo, vl)) {
                        operands.clear();
                    } else if ((int) (trailer & 0xFF) == ValueKind.MERGE) {
                        operands.addOperand(va, vo, vl);
                        candidateLive = true;
                    } else {
                        keepValue(va, vo, vl);
                        operands.onValue();
                        candidateLive = true;
                    }
                } else {
                    operands.clear();
                }
            }
            it.prev();
        }
        valid = haveCandidate && candidateLive;
        if (valid && operands.hasOperands()) {
            byte[] merged = operands.foldBackward(Arrays.copyOf(keyBuf, keyLength), valueBuf, valueLength);
            keepValue(merged, 0, merged.length);
        }
        if (valid) {
            valueArray = valueBuf;
            valueOffset = 0;
        }
    }

    private void setKey(byte[] a, int off, int len) {
        if (len > keyBuf.length) {
            keyBuf = new byte[Math.max(len, keyBuf.length * 2)];
        }
        System.arraycopy(a, off, keyBuf, 0, len);
        keyLength = len;
    }

    private void keepValue(byte[] a, int off, int len) {
        if (len > valueBuf.length) {
            valueBuf = new byte[Math.max(Math.max(len, 128), valueBuf.length * 2)];
        }
        System.arraycopy(a, off, valueBuf, 0, len);
        valueLength = len;
    }

    /** Whether the version with {@code trailer} of the current user key is a put or operand no range tombstone hides. */
    private boolean visible(long trailer) {
        if ((int) (trailer & 0xFF) == ValueKind.DELETE) {
            return false;
        }
        return noTombstones
                || tombstones.maxCoveringSeq(Arrays.copyOf(keyBuf, keyLength), snapshot) <= (trailer >>> 8);
    }

    /** Whether the stored value in {@code a[off, off+len)} has not expired under the TTL. */
    private boolean alive(byte[] a, int off, int len) {
        return expiredBefore == Long.MIN_VALUE || StoredValue.writeTime(a, off, len) >= expiredBefore;
    }

    @Override
    public byte[] key() {
        checkValid();
        return shownKey();
    }

    @Override
    public byte[] value() {
        checkValid();
        int end = valueOffset + valueLength;
        return Arrays.copyOfRange(valueArray, StoredValue.userValueStart(valueArray, valueOffset, valueLength), end);
    }

    private static void requireKey(byte[] target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        valid = false;
        try {
            iter.close();
            onClose.run();
        } finally {
            ReadAhead.giveBack(ahead);
        }
    }

    @Override
    public String toString() {
        return "Cursor@" + snapshot + (valid ? " at " + Arrays.toString(shownKey()) : "");
    }
}
