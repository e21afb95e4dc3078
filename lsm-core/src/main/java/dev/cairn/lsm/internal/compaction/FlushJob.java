// Writes one immutable memtable to a level-0 table, dropping versions no snapshot can see and
// keeping every tombstone. Leaves the manifest to the engine. Single-threaded.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.vlog.BlobSeparation;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import java.io.IOException;
import java.util.List;

/**
 * Writes an immutable memtable to one level-0 table, dropping versions no snapshot can see (but
 * keeping every tombstone: older tables may still hold what it deletes). The engine makes the
 * table live. A failed or cancelled flush removes its partial output. Single-threaded.
 */
public final class FlushJob {
    private static final int CANCEL_CHECK_EVERY = 1024;

    private final MemTable mem;
    private final JobContext ctx;

    /**
     * @param mem the memtable to write; no longer written to
     * @param ctx engine services
     */
    public FlushJob(MemTable mem, JobContext ctx) {
        this.mem = mem;
        this.ctx = ctx;
    }

    /**
     * @return the table written (or none when every entry was dropped) and its size
     * @throws IOException on I/O failure (output removed)
     */
    public JobResult run() throws IOException {
        RangeTombstoneSet tombs = mem.rangeTombstones();
        Retention retention = new Retention(ctx.snapshots(), tombs, null, Long.MIN_VALUE, ctx.retainAbove());
        OutputSet out = new OutputSet(ctx, Long.MAX_VALUE, tombs.tombstones());
        BlobSeparation blobs = OutputSet.separation(ctx, java.util.Map.of());
        if (blobs != null) {
            out.separateBlobs(blobs);
        }
        // Operands are folded where a base is in the memtable; the filter waits for compactions.
        KeyRewriter rewriter = ctx.hooks().rewritesEntries()
                ? new KeyRewriter(ctx.hooks(), retention, null, -1, false, ctx.now(), true, KeyRewriter.VersionsBetween.NONE) : null;
        try (InternalIterator it = mem.iterator()) {
            int n = 0;
            byte[] lastUserKey = null;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (++n % CANCEL_CHECK_EVERY == 0 && ctx.cancelled().getAsBoolean()) {
                    throw new JobCancelledException();
                }
                byte[] ik = it.key();
                if (retention.judge(ik, it.value()) != Retention.Verdict.KEEP) {
                    continue;
                }
                if (rewriter == null) {
                    out.add(ik, it.value());
                    continue;
                }
                if (lastUserKey != null && !InternalKey.sameUserKey(ik, lastUserKey)) {
                    rewriter.finishKey(out);
                }
                lastUserKey = ik;
                rewriter.add(ik, it.value());
            }
            if (rewriter != null) {
                rewriter.finishKey(out);
            }
            out.finish();
            return out.result(0);
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

}
