// Writes one new table under a temporary name and fsyncs and renames it on finish; it becomes live
// only through a manifest edit. Single-threaded.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.BlobRefs;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.sstable.TableBuilder;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.sstable.TableProperties;
import dev.cairn.lsm.internal.vlog.BlobPointer;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/**
 * Writes one new table under a temporary name; {@link #finish()} fsyncs it and renames it to its
 * final name, but it becomes live only when a manifest edit names it (the caller syncs the
 * directory and logs the edit). {@link #abandon()} removes the temporary file. Single-threaded.
 */
final class TableOutput {
    private final FileSystem fs;
    private final Path tmp;
    private final Path target;
    private final long number;
    private final FileHandle handle;
    private final TableBuilder builder;
    private final BlockCache warmCache;
    private byte[] smallest;
    private byte[] largest;
    private long tombMinSeq = Long.MAX_VALUE;
    private long tombMaxSeq = Long.MIN_VALUE;
    private boolean done;
    /** Per blob file, {@code {records, bytes}} the table's pointers name; null when not counted. */
    private Map<Long, long[]> blobRefs;

    /** @param warmCache where data blocks go as they are written (the table will be read at once), or null */
    TableOutput(FileSystem fs, Path dir, TableOptions options, long number, long creationTime, BlockCache warmCache)
            throws IOException {
        this.fs = fs;
        this.number = number;
        this.target = dir.resolve(FileNames.table(number));
        this.tmp = dir.resolve(FileNames.temp(FileNames.table(number)));
        this.handle = StoreFiles.openReadWrite(fs, tmp, true, false);
        this.builder = new TableBuilder(handle, options, creationTime, FileNames.table(number), number);
        this.warmCache = warmCache;
        if (warmCache != null) {
            builder.cacheDataBlocks(warmCache, number);
        }
    }

    long number() {
        return number;
    }

    /** Counts the table's pointers into the value log (recorded with it: docs/format.md, tag 15). */
    void countBlobRefs() {
        blobRefs = new TreeMap<>();
    }

    void add(byte[] ikey, byte[] stored) {
        builder.add(ikey, stored);
        if (blobRefs != null && InternalKey.kind(ikey) == ValueKind.BLOB) {
            BlobPointer p = BlobPointer.decode(stored, 0, stored.length);
            long[] c = blobRefs.computeIfAbsent(p.file(), n -> new long[2]);
            c[0]++;
            c[1] += p.size();
        }
    }

    void addRangeTombstone(RangeTombstone t) {
        builder.addRangeTombstone(t);
        tombMinSeq = Math.min(tombMinSeq, t.sequence());
        tombMaxSeq = Math.max(tombMaxSeq, t.sequence());
        byte[] start = InternalKey.encode(t.start(), InternalKey.MAX_SEQUENCE, InternalKey.SEEK_KIND);
        byte[] end = InternalKey.rangeEndSentinel(t.end());
        if (smallest == null || InternalKey.compare(start, smallest) < 0) {
            smallest = start;
        }
        if (largest == null || InternalKey.compare(end, largest) > 0) {
            largest = end;
        }
    }

    long estimatedSize() {
        return builder.estimatedFileSize();
    }

    long entryCount() {
        return builder.entryCount();
    }

    /** Finishes, fsyncs and renames the table. */
    FileMetadata finish() throws IOException {
        TableProperties p = builder.finish();
        handle.close();
        fs.atomicMove(tmp, target);
        done = true;
        byte[] lo = smallest;
        byte[] hi = largest;
        if (p.smallestKey() != null && (lo == null || InternalKey.compare(p.smallestKey(), lo) < 0)) {
            lo = p.smallestKey();
        }
        if (p.largestKey() != null && (hi == null || InternalKey.compare(p.largestKey(), hi) > 0)) {
            hi = p.largestKey();
        }
        long minSeq = tombMinSeq;
        long maxSeq = tombMaxSeq;
        if (p.entryCount() > 0) {
            minSeq = Math.min(minSeq, p.minSequence());
            maxSeq = Math.max(maxSeq, p.maxSequence());
        }
        return new FileMetadata(number, p.fileSize(), lo, hi, minSeq, maxSeq,
                p.minWriteTime(), p.maxWriteTime(), p.entryCount(), p.pointTombstones(), p.rangeTombstones(),
                p.creationTime(), blobRefs == null ? BlobRefs.UNKNOWN : BlobRefs.of(blobRefs));
    }

    /** Closes and deletes whatever was written. Never throws. */
    void abandon() {
        try {
            builder.close();
        } catch (RuntimeException ignored) {
            // best effort
        }
        if (warmCache != null) {
            warmCache.evictFile(number);
        }
        try {
            handle.close();
        } catch (IOException ignored) {
            // best effort
        }
        try {
            fs.delete(done ? target : tmp, false);
        } catch (IOException ignored) {
            // removed at next open
        }
    }
}
