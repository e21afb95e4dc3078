// Runs one compaction: merges its inputs, keeps what Retention says must survive, writes split
// outputs, and removes them again when cancelled or failed. Leaves the manifest to the engine.
// Single-threaded.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.vlog.BlobSeparation;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.sstable.TableReader;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one {@link Compaction}: merges the input tables, keeps what {@link Retention} says must
 * survive, writes the outputs (split at the target size and at the grandparent-overlap limit) and
 * reports them. A tombstone is dropped only when no table outside the job can hold an older
 * version of its key: key and sequence ranges first, then each candidate's bloom filter, then a
 * real lookup. Entries covered by a range tombstone of any live table are dropped. It does not touch the
 * manifest; the engine makes the result live. Checks for cancellation every few hundred entries;
 * a cancelled or failed job removes its partial outputs. When the keyspace has a merge operator
 * or a compaction filter, each key's kept versions pass through a {@link KeyRewriter}, which folds
 * operands and calls the filter. Single-threaded.
 */
public final class CompactionJob {
    private static final int CANCEL_CHECK_EVERY = 256;

    private final Compaction compaction;
    private final Version version;
    private final JobContext ctx;
    private List<FileMetadata> outside;

    /**
     * @param compaction the work
     * @param version the version the work was picked from (the caller holds a reference)
     * @param ctx engine services
     */
    public CompactionJob(Compaction compaction, Version version, JobContext ctx) {
        this.compaction = compaction;
        this.version = version;
        this.ctx = ctx;
    }

    /**
     * @return the outputs and cost
     * @throws IOException on I/O failure (outputs removed)
     * @throws JobCancelledException when cancelled (outputs removed)
     */
    public JobResult run() throws IOException {
        outside = outsideTables();
        List<RangeTombstone> inputTombstones = new ArrayList<>();
        List<InternalIterator> children = new ArrayList<>();
        long bytesRead = 0;
        for (FileMetadata f : compaction.inputs()) {
            children.add(ctx.tables().reader(f).newIterator(false));
            inputTombstones.addAll(ctx.tables().tombstones(f).tombstones());
            bytesRead += f.fileSize();
        }
        RangeTombstoneSet tombs = RangeTombstoneSet.of(inputTombstones);
        Retention retention = new Retention(ctx.snapshots(), coveringTombstones(inputTombstones),
                this::olderDataMayExist, ctx.expiredBefore(), ctx.retainAbove());
        List<RangeTombstone> keptTombstones = new ArrayList<>();
        for (RangeTombstone t : tombs.tombstones()) {
            if (!retention.canDrop(t, r -> noOlderDataInRange(outside, r))) {
                keptTombstones.add(t);
            }
        }
        long maxOverlap = compaction.targetFileSize() >= Long.MAX_VALUE / Compaction.GRANDPARENT_OVERLAP_FILES
                ? Long.MAX_VALUE : compaction.targetFileSize() * Compaction.GRANDPARENT_OVERLAP_FILES;
        OutputSet out = new OutputSet(ctx, compaction.targetFileSize(), keptTombstones,
                compaction.grandparents(), maxOverlap);
        BlobSeparation blobs = OutputSet.separation(ctx, version.blobFiles());
        if (blobs != null) {
            out.separateBlobs(blobs);
        }
        if (compaction.readsAsked() && ctx.tables().cache() != null) {
            out.warmCache(ctx.tables().cache());
        }
        KeyRewriter rewriter = ctx.hooks().rewritesEntries()
                ? new KeyRewriter(ctx.hooks(), retention, this::olderDataMayExist, compaction.outputLevel(),
                        bottommost(), ctx.now(), false, this::versionsBetween).resolveBlobsWith(ctx.tables().blobs())
                : null;
        try (MergingIterator it = new MergingIterator(children)) {
            it.seekToFirst();
            byte[] lastUserKey = null;
            int n = 0;
            while (it.isValid()) {
                if (++n % CANCEL_CHECK_EVERY == 0 && ctx.cancelled().getAsBoolean()) {
                    throw new JobCancelledException();
                }
                byte[] ik = it.key();
                if (lastUserKey == null || !InternalKey.sameUserKey(ik, lastUserKey)) {
                    if (rewriter != null) {
                        rewriter.finishKey(out);
                    } else {
                        out.startKey(InternalKey.userKey(ik));
                    }
                    lastUserKey = ik;
                }
                byte[] stored = it.value();
                if (blobs != null) {
                    blobs.input(ik, stored);
                }
                switch (retention.judge(ik, stored)) {
                    case KEEP:
                        keep(rewriter, out, ik, stored);
                        break;
                    case AS_TOMBSTONE:
                        keep(rewriter, out,
                                InternalKey.encode(InternalKey.userKey(ik), InternalKey.sequence(ik), ValueKind.DELETE),
                                StoredValue.encode(StoredValue.writeTime(stored), new byte[0]));
                        break;
                    default:
                        break;
                }
                it.next();
            }
            if (rewriter != null) {
                rewriter.finishKey(out);
            }
            out.finish();
            return out.result(bytesRead);
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

    private static void keep(KeyRewriter rewriter, OutputSet out, byte[] ik, byte[] stored) throws IOException {
        if (rewriter != null) {
            rewriter.add(ik, stored);
        } else {
            out.add(ik, stored);
        }
    }

    /** @return whether no table outside the job holds older data in the inputs' key range */
    private boolean bottommost() {
        for (FileMetadata f : outside) {
            for (FileMetadata in : compaction.inputs()) {
                if (InternalKey.compareUserKey(f.smallest(), InternalKey.userKey(in.largest())) <= 0
                        && InternalKey.compareUserKey(in.smallest(), InternalKey.userKey(f.largest())) <= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private Set<Long> inputNumbers() {
        Set<Long> in = new HashSet<>();
        for (FileMetadata f : compaction.inputs()) {
            in.add(f.number());
        }
        return in;
    }

    private List<FileMetadata> outsideTables() {
        Set<Long> in = inputNumbers();
        long maxSeq = 0;
        for (FileMetadata f : compaction.inputs()) {
            maxSeq = Math.max(maxSeq, f.largestSeq());
        }
        List<FileMetadata> out = new ArrayList<>();
        for (FileMetadata f : version.allFiles()) {
            // A table whose every entry is newer than all inputs cannot hold older data.
            if (!in.contains(f.number()) && f.smallestSeq() <= maxSeq) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The inputs' range tombstones plus those of every other table meeting the inputs' key span:
     * the latter stay live in their own tables, so whatever they cover here may be dropped.
     */
    private RangeTombstoneSet coveringTombstones(List<RangeTombstone> inputTombstones) {
        List<RangeTombstone> all = new ArrayList<>(inputTombstones);
        Set<Long> in = inputNumbers();
        byte[] lo = null;
        byte[] hi = null;
        for (FileMetadata f : compaction.inputs()) {
            lo = LeveledPicker.min(lo, InternalKey.userKey(f.smallest()));
            hi = LeveledPicker.max(hi, InternalKey.userKey(f.largest()));
        }
        for (FileMetadata f : version.allFiles()) {
            if (f.rangeTombstones() > 0 && !in.contains(f.number()) && Version.overlaps(f, lo, hi)) {
                all.addAll(ctx.tables().tombstones(f).tombstones());
            }
        }
        return RangeTombstoneSet.of(all);
    }

    /**
     * Whether a table outside the job may hold a version of {@code userKey} older than
     * {@code sequence}: key range and sequence range first, then the bloom filter, then a real
     * lookup when the filter says maybe.
     */
    private boolean olderDataMayExist(byte[] userKey, long sequence) {
        for (FileMetadata f : outside) {
            if (f.smallestSeq() >= sequence || !Version.contains(f, userKey)) {
                continue;
            }
            TableReader r = ctx.tables().reader(f);
            if (r.mayContain(userKey) && r.get(userKey, sequence - 1, false) != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether a table outside the job may hold a version of {@code userKey} strictly between two sequences. */
    private boolean versionsBetween(byte[] userKey, long above, long below) {
        if (below - above <= 1) {
            return false;
        }
        for (FileMetadata f : outside) {
            if (f.largestSeq() <= above || f.smallestSeq() >= below || !Version.contains(f, userKey)) {
                continue;
            }
            TableReader r = ctx.tables().reader(f);
            if (r.mayContain(userKey)) {
                FoundEntry e = r.get(userKey, below - 1, false);
                if (e != null && e.sequence() > above) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean noOlderDataInRange(List<FileMetadata> outside, RangeTombstone t) {
        for (FileMetadata f : outside) {
            if (f.smallestSeq() < t.sequence() && InternalKey.compareUserKey(f.smallest(), t.end()) < 0
                    && InternalKey.compareUserKey(f.largest(), t.start()) >= 0) {
                return false;
            }
        }
        return true;
    }
}
