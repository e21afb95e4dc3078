package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one {@link Compaction}: merges the input tables, keeps what {@link Retention} says must
 * survive, writes the outputs (split at the target size) and reports them. It does not touch the
 * manifest; the engine makes the result live. Checks for cancellation every few hundred entries;
 * a cancelled or failed job removes its partial outputs. Single-threaded.
 */
public final class CompactionJob {
    private static final int CANCEL_CHECK_EVERY = 256;

    private final Compaction compaction;
    private final Version version;
    private final JobContext ctx;

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
        List<FileMetadata> outside = outsideTables();
        List<RangeTombstone> inputTombstones = new ArrayList<>();
        List<InternalIterator> children = new ArrayList<>();
        long bytesRead = 0;
        for (FileMetadata f : compaction.inputs()) {
            children.add(ctx.tables().reader(f).newIterator(false));
            inputTombstones.addAll(ctx.tables().tombstones(f).tombstones());
            bytesRead += f.fileSize();
        }
        RangeTombstoneSet tombs = RangeTombstoneSet.of(inputTombstones);
        Retention retention = new Retention(ctx.snapshots(), tombs,
                key -> noOlderData(outside, key), ctx.expiredBefore());
        List<RangeTombstone> keptTombstones = new ArrayList<>();
        for (RangeTombstone t : tombs.tombstones()) {
            if (!retention.canDrop(t, r -> noOlderDataInRange(outside, r))) {
                keptTombstones.add(t);
            }
        }
        OutputSet out = new OutputSet(ctx, compaction.targetFileSize(), keptTombstones);
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
                    out.startKey(InternalKey.userKey(ik));
                    lastUserKey = ik;
                }
                byte[] stored = it.value();
                switch (retention.judge(ik, stored)) {
                    case KEEP:
                        out.add(ik, stored);
                        break;
                    case AS_TOMBSTONE:
                        out.add(InternalKey.encode(InternalKey.userKey(ik), InternalKey.sequence(ik), ValueKind.DELETE),
                                StoredValue.encode(StoredValue.writeTime(stored), new byte[0]));
                        break;
                    default:
                        break;
                }
                it.next();
            }
            List<FileMetadata> outputs = out.finish();
            return new JobResult(outputs, bytesRead, out.bytesWritten());
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

    private List<FileMetadata> outsideTables() {
        Set<Long> in = new HashSet<>();
        for (FileMetadata f : compaction.inputs()) {
            in.add(f.number());
        }
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

    private static boolean noOlderData(List<FileMetadata> outside, byte[] userKey) {
        for (FileMetadata f : outside) {
            if (Version.contains(f, userKey)) {
                return false;
            }
        }
        return true;
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
