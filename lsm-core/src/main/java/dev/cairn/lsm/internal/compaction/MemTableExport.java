// Writes what memtables hold up to one sequence number into a single table, for a copy of a
// store (checkpoint, backup) taken while writers go on: entries newer than the sequence (writes
// still in flight when the copy was taken) are left out, every older version and tombstone is
// kept (the copy must read exactly like the store did at that sequence). The table is written
// under a temporary name, fsynced and renamed, like a flush's. Stateless.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.TableOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileSystem;
import okio.Path;

/** Memtables to a table, up to a sequence. */
public final class MemTableExport {
    private MemTableExport() {
    }

    /**
     * @param mems the memtables (any order; they hold distinct sequences)
     * @param maxSequence the newest sequence to keep
     * @param fs where to write
     * @param dir the directory to write into
     * @param options how to build the table
     * @param number the table's file number
     * @param now the creation time
     * @return the table written, or null when no entry or tombstone was at or below the sequence
     * @throws IOException if writing fails (the partial file is removed)
     */
    public static FileMetadata write(List<MemTable> mems, long maxSequence, FileSystem fs, Path dir,
                                     TableOptions options, long number, long now) throws IOException {
        List<InternalIterator> children = new ArrayList<>();
        List<RangeTombstone> tombstones = new ArrayList<>();
        for (MemTable m : mems) {
            children.add(m.iterator());
            for (RangeTombstone t : m.rangeTombstones().tombstones()) {
                if (t.sequence() <= maxSequence) {
                    tombstones.add(t);
                }
            }
        }
        tombstones.sort((a, b) -> {
            int c = java.util.Arrays.compareUnsigned(a.start(), b.start());
            return c != 0 ? c : Long.compare(b.sequence(), a.sequence());
        });
        JobContext ctx = new JobContext(fs, dir, null, options, () -> number, new long[0], Long.MIN_VALUE, now,
                () -> false, KeyspaceHooks.NONE);
        OutputSet out = new OutputSet(ctx, Long.MAX_VALUE, tombstones);
        try (InternalIterator it = children.size() == 1 ? children.get(0) : new MergingIterator(children)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] ik = it.key();
                if (InternalKey.sequence(ik) <= maxSequence) {
                    out.add(ik, it.value());
                }
            }
            List<FileMetadata> written = out.finish();
            return written.isEmpty() ? null : written.get(0);
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }
}
