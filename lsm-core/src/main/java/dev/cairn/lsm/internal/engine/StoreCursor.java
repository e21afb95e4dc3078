package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The public cursor: turns the merged stream of internal entries into the user's view at one
 * sequence number. For each user key it shows the newest version visible at the snapshot, and
 * hides it when that version is a point tombstone, is covered by a newer visible range
 * tombstone, or has expired under the TTL. Moving backward scans all versions of a key (they
 * arrive oldest first) and keeps the newest, as LevelDB's DBIter does; a change of direction
 * re-seeks the merged stream around the current key. Not thread-safe.
 */
final class StoreCursor implements Cursor {
    private final InternalIterator iter;
    private final long snapshot;
    private final RangeTombstoneSet tombstones;
    private final long expiredBefore;
    private final BooleanSupplier storeClosed;
    private final Runnable onClose;
    private boolean closed;
    private boolean valid;
    private boolean forward = true;
    private byte[] key;
    private byte[] storedValue;

    StoreCursor(InternalIterator iter, long snapshot, RangeTombstoneSet tombstones, long expiredBefore,
                BooleanSupplier storeClosed, Runnable onClose) {
        this.iter = iter;
        this.snapshot = snapshot;
        this.tombstones = tombstones;
        this.expiredBefore = expiredBefore;
        this.storeClosed = storeClosed;
        this.onClose = onClose;
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

    @Override
    public void seekToFirst() {
        checkOpen();
        guard(() -> {
            iter.seekToFirst();
            findNext(null);
        });
    }

    /** Reports an I/O failure below as an {@link LsmException} (cursor state is then undefined). */
    private void guard(Runnable move) {
        try {
            move.run();
        } catch (UncheckedIOException e) {
            valid = false;
            throw new LsmException("cursor read failed: " + e.getMessage(), e.getCause());
        }
    }

    @Override
    public void seekToLast() {
        checkOpen();
        guard(() -> {
            iter.seekToLast();
            findPrev();
        });
    }

    @Override
    public void seek(byte[] target) {
        checkOpen();
        requireKey(target);
        guard(() -> {
            iter.seek(InternalKey.seekKey(target, snapshot));
            findNext(null);
        });
    }

    @Override
    public void seekForPrev(byte[] target) {
        checkOpen();
        requireKey(target);
        // Last internal entry whose user key is <= target: everything of target sorts before (target, 0, DELETE).
        guard(() -> {
            iter.seekForPrev(InternalKey.encode(target, 0, ValueKind.DELETE));
            findPrev();
        });
    }

    @Override
    public void next() {
        checkValid();
        guard(() -> {
            if (!forward) {
                iter.seek(InternalKey.seekKey(key, InternalKey.MAX_SEQUENCE));
            }
            findNext(key);
        });
    }

    @Override
    public void prev() {
        checkValid();
        guard(() -> {
            if (forward) {
                iter.seek(InternalKey.seekKey(key, InternalKey.MAX_SEQUENCE));
                if (iter.isValid()) {
                    iter.prev();
                } else {
                    iter.seekToLast();
                }
            }
            findPrev();
        });
    }

    /** Forward: positions on the first visible user key after {@code skip} (null: none to skip). */
    private void findNext(byte[] skip) {
        forward = true;
        while (iter.isValid()) {
            byte[] ik = iter.key();
            long seq = InternalKey.sequence(ik);
            if (seq > snapshot) {
                iter.next();
                continue;
            }
            if (skip != null && InternalKey.compareUserKey(ik, skip) <= 0) {
                iter.next();
                continue;
            }
            // ik is the newest visible version of its user key.
            byte[] userKey = InternalKey.userKey(ik);
            if (visible(ik, userKey)) {
                byte[] v = iter.value();
                if (alive(v)) {
                    key = userKey;
                    storedValue = v;
                    valid = true;
                    return;
                }
            }
            skip = userKey;
            iter.next();
        }
        valid = false;
    }

    /** Backward: positions on the last visible user key at or before the iterator. */
    private void findPrev() {
        forward = false;
        byte[] candKey = null;
        byte[] candValue = null;
        boolean candLive = false;
        while (iter.isValid()) {
            byte[] ik = iter.key();
            long seq = InternalKey.sequence(ik);
            if (seq <= snapshot) {
                if (candKey != null && InternalKey.compareUserKey(ik, candKey) < 0) {
                    if (candLive) {
                        break;
                    }
                    candKey = null;
                }
                byte[] userKey = candKey != null ? candKey : InternalKey.userKey(ik);
                candKey = userKey;
                if (visible(ik, userKey)) {
                    candValue = iter.value();
                    candLive = alive(candValue);
                } else {
                    candLive = false;
                }
            }
            iter.prev();
        }
        if (candKey != null && candLive) {
            key = candKey;
            storedValue = candValue;
            valid = true;
        } else {
            valid = false;
        }
    }

    private boolean visible(byte[] ik, byte[] userKey) {
        if (InternalKey.kind(ik) != ValueKind.PUT) {
            return false;
        }
        return tombstones.isEmpty() || tombstones.maxCoveringSeq(userKey, snapshot) <= InternalKey.sequence(ik);
    }

    private boolean alive(byte[] stored) {
        return expiredBefore == Long.MIN_VALUE || StoredValue.writeTime(stored) >= expiredBefore;
    }

    @Override
    public byte[] key() {
        checkValid();
        return key.clone();
    }

    @Override
    public byte[] value() {
        checkValid();
        return StoredValue.userValue(storedValue);
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
        iter.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "Cursor@" + snapshot + (valid ? " at " + Arrays.toString(key) : "");
    }
}
