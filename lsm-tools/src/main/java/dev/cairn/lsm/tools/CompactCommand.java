// cairn compact [--from A] [--to B]: compacts the tables overlapping [A, B) (the whole store by
// default) and waits; a progress bar follows the bytes compaction reads.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreStats;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Compacts a range. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Compact the tables of a family overlapping [--from, --to) (default: the whole family) and wait.")
final class CompactCommand extends StoreCommand {
    @Option(names = "--from", paramLabel = "KEY", description = "First key (default: the first in the store).")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "First key after the range (default: past the last).")
    String to;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    FamilyOption family;

    @Override
    public Integer call() {
        KeyRange range = KeyRange.of(encoding.format(), from, to);
        long started = System.nanoTime();
        StoreStats before;
        StoreStats after;
        try (LsmStore db = StoreAccess.openForWriting(dir(), false, encryption())) {
            ColumnFamily cf = family.existing(db);
            before = db.stats(cf);
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-compact-progress");
                t.setDaemon(true);
                return t;
            });
            try (Progress progress = progress("compact", before.tableBytes() + before.memtableBytes(), Progress.Unit.BYTES)) {
                long[] seen = {0};
                poller.scheduleAtFixedRate(() -> {
                    long read = db.stats().compactionBytesRead();
                    progress.step(read - seen[0]);
                    seen[0] = read;
                }, 200, 200, TimeUnit.MILLISECONDS);
                db.compactRange(cf, range.from(), range.to());
            } finally {
                poller.shutdownNow();
            }
            after = db.stats(cf);
        }
        note(String.format("compacted: %d tables, %s before; %d tables, %s after (%.1f s)", before.tableCount(),
                TextTable.bytes(before.tableBytes()), after.tableCount(), TextTable.bytes(after.tableBytes()),
                (System.nanoTime() - started) / 1e9));
        return ExitCode.OK;
    }
}
