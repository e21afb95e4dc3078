// The output tables of one job, cut at user-key boundaries by size and grandparent overlap, with
// range tombstones clipped to each table. Single-threaded.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import dev.cairn.lsm.internal.vlog.BlobSeparation;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.sstable.BlockCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The output tables of one job. Entries arrive in internal order; a new table is started at a
 * user-key boundary once the current one reaches the target size, or once it overlaps more than
 * {@code maxGrandparentOverlap} bytes of the grandparent level (so compacting it later into that
 * level stays small), so all versions of a key stay in one table. Range tombstones are clipped to
 * each table's key span {@code [lower, upper)}, so neighbouring tables never overlap.
 * Single-threaded.
 */
final class OutputSet {
    private final JobContext ctx;
    private final long targetFileSize;
    private final List<RangeTombstone> tombstones;
    private final List<FileMetadata> finished = new ArrayList<>();
    private TableOutput current;
    private byte[] lower;
    private long bytesWritten;
    private final List<FileMetadata> grandparents;
    private final long maxGrandparentOverlap;
    private int grandparentIndex;
    private long overlappedBytes;
    private boolean seenKey;
    private BlockCache warmCache;
    /** The value log's part of the job, or null when it neither separates values nor reads pointers. */
    private BlobSeparation blobs;
    private List<VersionEdit.BlobFileAdded> blobFiles = List.of();

    OutputSet(JobContext ctx, long targetFileSize, List<RangeTombstone> tombstones) {
        this(ctx, targetFileSize, tombstones, List.of(), Long.MAX_VALUE);
    }

    /**
     * @param grandparents tables of the level below the output level, sorted by key
     * @param maxGrandparentOverlap bytes of them one output may overlap before it is cut
     */
    OutputSet(JobContext ctx, long targetFileSize, List<RangeTombstone> tombstones,
              List<FileMetadata> grandparents, long maxGrandparentOverlap) {
        this.ctx = ctx;
        this.targetFileSize = targetFileSize;
        this.tombstones = tombstones;
        this.grandparents = grandparents;
        this.maxGrandparentOverlap = maxGrandparentOverlap;
    }

    /**
     * Puts the outputs' data blocks into {@code cache} as they are written: for tables reads will
     * look into at once (see {@link Compaction#readsAsked()}).
     */
    void warmCache(BlockCache cache) {
        this.warmCache = cache;
    }

    /**
     * @param ctx the job's context
     * @param liveBlobFiles the blob files live when the job began (empty for a flush)
     * @return the job's value-log part, or null when the job neither separates values (no
     *     threshold) nor reads pointers (no live blob file), or writes no store table (an export)
     */
    static BlobSeparation separation(JobContext ctx, java.util.Map<Long, BlobFileState> liveBlobFiles) {
        if (ctx.tables() == null || (ctx.tables().blobs().threshold() == 0 && liveBlobFiles.isEmpty())) {
            return null;
        }
        return new BlobSeparation(ctx.tables().blobs(), ctx.fs(), ctx.dir(), ctx.fileNumbers(),
                BlobSeparation.dueForCollection(liveBlobFiles));
    }

    /** Passes every entry through {@code separation} on its way into a table (the value log's hook). */
    void separateBlobs(BlobSeparation separation) {
        this.blobs = separation;
    }

    /** Called when a new user key begins; may close the current table just before it. */
    void startKey(byte[] userKey) throws IOException {
        boolean cut = overlapsTooMuch(userKey);
        if (current != null && (cut || current.estimatedSize() >= targetFileSize)) {
            close(userKey);
            cut = true;
        }
        if (cut) {
            overlappedBytes = 0;
        }
    }

    /** LevelDB's ShouldStopBefore: counts grandparents passed since the current table began. */
    private boolean overlapsTooMuch(byte[] userKey) {
        while (grandparentIndex < grandparents.size()
                && InternalKey.compareUserKey(grandparents.get(grandparentIndex).largest(), userKey) < 0) {
            if (seenKey) {
                overlappedBytes += grandparents.get(grandparentIndex).fileSize();
            }
            grandparentIndex++;
        }
        seenKey = true;
        return overlappedBytes > maxGrandparentOverlap;
    }

    void add(byte[] ikey, byte[] stored) throws IOException {
        if (current == null) {
            open();
        }
        if (blobs != null) {
            blobs.output(ikey, stored);
            current.add(blobs.key(), blobs.value());
        } else {
            current.add(ikey, stored);
        }
    }

    private void open() throws IOException {
        current = new TableOutput(ctx.fs(), ctx.dir(), ctx.tableOptions(), ctx.fileNumbers().getAsLong(), ctx.now(),
                warmCache);
        if (blobs != null) {
            current.countBlobRefs();
        }
    }

    private void close(byte[] upper) throws IOException {
        for (RangeTombstone t : tombstones) {
            byte[] s = lower == null || Arrays.compareUnsigned(t.start(), lower) >= 0 ? t.start() : lower;
            byte[] e = upper == null || Arrays.compareUnsigned(t.end(), upper) <= 0 ? t.end() : upper;
            if (Arrays.compareUnsigned(s, e) < 0) {
                if (current == null) {
                    open();
                }
                current.addRangeTombstone(new RangeTombstone(s, e, t.sequence()));
            }
        }
        if (current != null) {
            FileMetadata m = current.finish();
            bytesWritten += m.fileSize();
            finished.add(m);
            current = null;
        }
        lower = upper;
    }

    /** Finishes the last table. */
    List<FileMetadata> finish() throws IOException {
        close(null);
        if (blobs != null) {
            blobFiles = blobs.finish();
        }
        return finished;
    }

    /** @return what the job adds to the value log: its blob files (after {@link #finish}) and the garbage it found */
    JobResult result(long bytesRead) {
        return new JobResult(finished, bytesRead, bytesWritten, blobFiles,
                blobs == null ? List.of() : blobs.garbage());
    }

    long bytesWritten() {
        return bytesWritten;
    }

    /** Removes every table written so far. Never throws. */
    void abandon() {
        if (blobs != null) {
            blobs.abandon();
        }
        if (current != null) {
            current.abandon();
            current = null;
        }
        for (FileMetadata m : finished) {
            if (warmCache != null) {
                warmCache.evictFile(m.number());
            }
            try {
                ctx.fs().delete(ctx.dir().resolve(dev.cairn.lsm.internal.io.FileNames.table(m.number())), false);
            } catch (IOException ignored) {
                // removed at next open
            }
        }
        finished.clear();
    }
}
