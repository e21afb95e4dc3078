// Decides which versions a flush or compaction keeps: newest per snapshot stripe, minus what range
// tombstones cover, minus spent tombstones and expired values. Single-threaded.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Decides which versions a flush or compaction must keep. Live snapshots cut the sequence space
 * into stripes (a stripe ends at each snapshot, the last one at "now"); within a stripe only the
 * newest version of a key is visible to anyone, so older ones are dropped. A version covered by a
 * range tombstone of the same stripe is dropped (the tombstones given may include ones from tables
 * outside the job: they stay live elsewhere, so what they cover may go). A point tombstone (or an
 * expired value) in the oldest stripe is dropped when no older data can hold its key
 * ({@code noOlderData}); an expired value that must stay as a shadow is rewritten as a tombstone.
 * A merge operand does not end its stripe: the versions below it in the stripe are kept down to
 * and including the first value or tombstone (its base), for {@link KeyRewriter} to fold. An
 * expired operand is treated as an expired value. Entries must be fed in internal order.
 * Single-threaded.
 */
final class Retention {
    /** What to do with one entry. */
    enum Verdict { KEEP, DROP, AS_TOMBSTONE }

    /** Answers whether data older than an entry may exist outside the job. */
    @FunctionalInterface
    interface OlderData {
        /**
         * @param userKey the key
         * @param sequence the entry's sequence
         * @return false only when no table outside the job holds a version of {@code userKey}
         *     older than {@code sequence}
         */
        boolean mayExist(byte[] userKey, long sequence);
    }

    private final long[] snapshots;
    private final RangeTombstoneSet tombstones;
    private final OlderData olderData;
    private final long expiredBefore;
    /** Versions above this sequence are inside the version-retention window: all kept. */
    private final long retainAbove;
    private byte[] currentKey;
    private int lastStripe = -1;
    /** Whether the last version kept is an operand, so the stripe's next version is its base or another operand. */
    private boolean operandsOpen;

    /**
     * @param snapshots live snapshot sequences, ascending
     * @param tombstones range tombstones of the inputs
     * @param olderData what may lie below the job's entries (null: assume anything may)
     * @param expiredBefore values written before this are expired (Long.MIN_VALUE: no TTL)
     */
    Retention(long[] snapshots, RangeTombstoneSet tombstones, OlderData olderData, long expiredBefore) {
        this(snapshots, tombstones, olderData, expiredBefore, Long.MAX_VALUE);
    }

    /**
     * @param retainAbove every version above this sequence is kept: it lies inside the
     *     version-retention window (the sequence itself must be one of {@code snapshots}, so
     *     what the store held at the window's edge stays too); Long.MAX_VALUE when none
     */
    Retention(long[] snapshots, RangeTombstoneSet tombstones, OlderData olderData, long expiredBefore,
              long retainAbove) {
        this.retainAbove = retainAbove;
        this.snapshots = snapshots;
        this.tombstones = tombstones;
        this.olderData = olderData;
        this.expiredBefore = expiredBefore;
    }

    int stripe(long seq) {
        int i = Arrays.binarySearch(snapshots, seq);
        return i >= 0 ? i : -i - 1;
    }

    private long stripeTop(int stripe) {
        return stripe < snapshots.length ? snapshots[stripe] : Long.MAX_VALUE;
    }

    /**
     * @param ikey the entry's internal key
     * @param stored its stored value
     * @return what to do with it
     */
    Verdict judge(byte[] ikey, byte[] stored) {
        long seq = InternalKey.sequence(ikey);
        if (currentKey == null || !InternalKey.sameUserKey(ikey, currentKey)) {
            currentKey = ikey;
            lastStripe = -1;
            operandsOpen = false;
        }
        if (seq > retainAbove) {
            return Verdict.KEEP;
        }
        int stripe = stripe(seq);
        if (stripe == lastStripe && !operandsOpen) {
            return Verdict.DROP;
        }
        lastStripe = stripe;
        operandsOpen = false;
        byte[] userKey = null;
        if (!tombstones.isEmpty()) {
            userKey = InternalKey.userKey(ikey);
            long t = tombstones.maxCoveringSeq(userKey, stripeTop(stripe));
            if (t > seq) {
                return Verdict.DROP;
            }
        }
        int kind = InternalKey.kind(ikey);
        boolean dead = kind == ValueKind.DELETE;
        boolean expired = !dead && expiredBefore != Long.MIN_VALUE && StoredValue.writeTime(stored) < expiredBefore;
        if (dead || expired) {
            if (stripe == 0 && olderData != null) {
                if (userKey == null) {
                    userKey = InternalKey.userKey(ikey);
                }
                if (!olderData.mayExist(userKey, seq)) {
                    return Verdict.DROP;
                }
            }
            return expired ? Verdict.AS_TOMBSTONE : Verdict.KEEP;
        }
        operandsOpen = kind == ValueKind.MERGE;
        return Verdict.KEEP;
    }

    /**
     * @return whether the version at {@code seq} lies inside the version-retention window: it is
     *     kept as it is, neither folded with its neighbours nor shown to a compaction filter (a read
     *     as of an instant inside the window must still find it)
     */
    boolean retained(long seq) {
        return seq > retainAbove;
    }

    /** @return the number of stripes: the newest one, above every live snapshot, is {@code stripes() - 1} */
    int stripes() {
        return snapshots.length + 1;
    }

    /**
     * @return whether a range tombstone inside {@code stripe} (newer than the stripe's bottom, visible
     *     at its top) covers {@code userKey}: what the stripe holds below it is deleted for every reader
     */
    boolean coveredWithin(byte[] userKey, int stripe) {
        long bottom = stripe == 0 ? 0 : snapshots[stripe - 1];
        return !tombstones.isEmpty() && tombstones.maxCoveringSeq(userKey, stripeTop(stripe)) > bottom;
    }

    /** @return whether range tombstone {@code t} can be dropped (it has nothing left to delete) */
    boolean canDrop(RangeTombstone t, Predicate<RangeTombstone> noOlderDataInRange) {
        return stripe(t.sequence()) == 0 && noOlderDataInRange != null && noOlderDataInRange.test(t);
    }
}
