// Runs one picked compaction to its end: builds the output tables (none for a move down a level or
// a drop of whole expired tables), writes the version edit that swaps inputs for outputs (the
// commit point), publishes the new version to readers and tells the listener. Scheduling, the
// tables in use and failures are BackgroundWork's. Holds only final references; thread-safe, and
// compactions of disjoint tables run side by side. Takes the store lock only to publish.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CompactionInfo;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.internal.compaction.Compaction;
import dev.cairn.lsm.internal.compaction.CompactionJob;
import dev.cairn.lsm.internal.compaction.DroppedTables;
import dev.cairn.lsm.internal.compaction.JobCancelledException;
import dev.cairn.lsm.internal.compaction.JobContext;
import dev.cairn.lsm.internal.compaction.JobResult;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import okio.FileSystem;
import okio.Path;

/** Runs compactions and installs their results. */
final class CompactionRun {
    /** Ends the reason reported for a table moved down a level without being rewritten. */
    static final String MOVED = " (moved)";

    private final StoreLock lock;
    private final StoreCounters counters;
    private final EventListener listener;
    private final FileSystem fs;
    private final Path dir;

    CompactionRun(StoreLock lock, StoreCounters counters, EventListener listener, FileSystem fs, Path dir) {
        this.lock = lock;
        this.counters = counters;
        this.listener = listener;
        this.fs = fs;
        this.dir = dir;
    }

    /**
     * Runs {@code c} (picked from {@code v}, which the caller holds) and installs its edit.
     *
     * @param cancelled true once the job must stop
     * @throws JobCancelledException when cancelled before the edit (its outputs are removed)
     * @throws IOException when a table or the manifest cannot be written
     */
    void run(Keyspace ks, Compaction c, Version v, BooleanSupplier cancelled) throws IOException {
        long start = System.nanoTime();
        String family = ks.name();
        List<Long> inputs = c.removedNumbers();
        boolean move = c.isMove();
        String reason = move ? c.reason() + MOVED : c.reason();
        Events.deliver(() -> listener.onCompactionBegin(new CompactionInfo(reason, c.outputLevel(), inputs,
                List.of(), 0, 0, Duration.ZERO, family)));
        JobContext ctx = ks.tuning().contexts().create(cancelled);
        JobResult r = c.inputs().isEmpty() || move ? new JobResult(List.of(), 0, 0) : new CompactionJob(c, v, ctx).run();
        VersionEdit edit = new VersionEdit();
        for (int i = 0; i < c.inputs().size(); i++) {
            edit.deleteFile(c.inputLevels().get(i), c.inputs().get(i).number());
        }
        for (FileMetadata f : c.dropWhole()) {
            edit.deleteFile(levelOf(v, f), f.number());
        }
        // The values the dropped tables pointed to are garbage now: a blob file they leave with no
        // live record leaves the version with this edit (docs/format.md, "Blob files").
        DroppedTables.blobGarbage(c.dropWhole(), v.blobFiles(), ctx.tables()).forEach(edit::addBlobGarbage);
        for (FileMetadata f : r.outputs()) {
            edit.addFile(c.outputLevel(), f);
        }
        r.addBlobsTo(edit);
        if (move) {
            // The same table, one level down: the edit's delete applies before its add.
            edit.addFile(c.outputLevel(), c.inputs().get(0));
        }
        if (!r.outputs().isEmpty()) {
            DirectorySyncer.sync(fs, dir);
        }
        if (cancelled.getAsBoolean()) {
            deleteOutputs(r);
            throw new JobCancelledException();
        }
        // If this fails the edit may still have reached the manifest: keep the outputs (the next
        // open removes them if they turn out not to be live).
        if (!FamilyEdits.apply(ks, edit, r.outputs(), fs, dir)) {
            return;
        }
        counters.compactionBytesRead.addAndGet(r.bytesRead());
        counters.compactionBytesWritten.addAndGet(r.bytesWritten() + r.blobBytesWritten());
        lock.lock();
        try {
            ks.memtables().publish();
        } finally {
            lock.unlock();
        }
        List<Long> outputs = move ? inputs : r.outputs().stream().map(FileMetadata::number).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Events.deliver(() -> listener.onCompactionEnd(new CompactionInfo(reason, c.outputLevel(), inputs, outputs,
                r.bytesRead(), r.bytesWritten(), took, family)));
    }

    private void deleteOutputs(JobResult r) {
        for (FileMetadata f : r.outputs()) {
            try {
                fs.delete(dir.resolve(FileNames.table(f.number())), false);
            } catch (IOException ignored) {
                // removed at next open
            }
        }
        for (VersionEdit.BlobFileAdded b : r.blobFiles()) {
            try {
                fs.delete(dir.resolve(FileNames.blob(b.number())), false);
            } catch (IOException ignored) {
                // removed at next open
            }
        }
    }

    private static int levelOf(Version v, FileMetadata f) {
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata g : v.files(level)) {
                if (g.number() == f.number()) {
                    return level;
                }
            }
        }
        return 0;
    }
}
