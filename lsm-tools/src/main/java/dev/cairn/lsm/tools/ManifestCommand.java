// cairn manifest [--file MANIFEST-N]: the live manifest replayed, read without opening the
// store: counters, strategy state, the commit-time map's span, and every table by level with its key range, size and
// sequence range.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.internal.inspect.ManifestInspector;
import dev.cairn.lsm.internal.inspect.ManifestReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import okio.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows the manifest. */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Show the live manifest: levels, tables, key ranges, sizes, sequence numbers, strategy.")
final class ManifestCommand extends StoreCommand {
    @Option(names = "--file", paramLabel = "MANIFEST", description = "Read this manifest file instead of the live one.")
    String file;

    @Mixin
    EncodingOptions encoding;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ByteFormat f = encoding.format();
        ManifestReport m;
        if (file != null) {
            m = ManifestInspector.readFile(FileSystem.SYSTEM, Formats.okio(existingFile(file)), encryption());
        } else {
            StoreAccess.requireStore(dir());
            m = ManifestInspector.read(FileSystem.SYSTEM, Formats.okio(dir()), encryption());
        }
        if (json) {
            printJson(gson(f).toJsonTree(m));
            return ExitCode.OK;
        }
        PrintStream out = io().out();
        out.println("manifest       " + m.manifest() + " (" + m.edits() + (m.edits() == 1 ? " edit)" : " edits)"));
        out.println("strategy       " + (m.strategy().isEmpty() ? "(none recorded)" : m.strategy()));
        out.println("families       " + String.join(", ", m.families()));
        out.println("last sequence  " + m.lastSequence());
        out.println("next file      " + m.nextFileNumber());
        out.println("log number     " + m.logNumber());
        ManifestReport.CommitTimeRange c = m.commitTimes();
        out.println("commit times   " + (c.pairs() == 0 ? "(none recorded)" : c.pairs() + (c.pairs() == 1 ? " pair, " : " pairs, ")
                + Instant.ofEpochMilli(c.firstTime()) + " .. " + Instant.ofEpochMilli(c.lastTime()) + ", sequences "
                + c.firstSequence() + ".." + c.lastSequence()));
        out.println("tables         " + m.tables().size() + ", " + TextTable.bytes(m.tableBytes()) + ", "
                + m.entries() + " entries");
        out.println();
        TextTable levels = new TextTable(">LEVEL", ">TABLES", ">SIZE", ">ENTRIES");
        m.tables().stream().mapToInt(ManifestReport.Table::level).distinct().sorted().forEach(level -> {
            var tables = m.level(level);
            levels.row(level, tables.size(), TextTable.bytes(tables.stream().mapToLong(ManifestReport.Table::fileSize).sum()),
                    tables.stream().mapToLong(ManifestReport.Table::entries).sum());
        });
        if (!levels.isEmpty()) {
            levels.print(out);
            out.println();
        }
        // A store with column families labels each table with its family.
        boolean labelled = m.families().size() > 1;
        TextTable t = labelled
                ? new TextTable("FAMILY", ">LEVEL", "FILE", ">SIZE", ">ENTRIES", ">DELETES", ">RANGE-DELS", "SEQUENCES",
                        "SMALLEST", "LARGEST")
                : new TextTable(">LEVEL", "FILE", ">SIZE", ">ENTRIES", ">DELETES", ">RANGE-DELS", "SEQUENCES",
                        "SMALLEST", "LARGEST");
        for (ManifestReport.Table x : m.tables()) {
            Object[] row = {x.level(), x.fileName(), TextTable.bytes(x.fileSize()), x.entries(), x.pointTombstones(),
                x.rangeTombstones(), x.smallestSequence() + ".." + x.largestSequence(), key(x.smallest(), f),
                key(x.largest(), f)};
            if (labelled) {
                Object[] withFamily = new Object[row.length + 1];
                withFamily[0] = x.family();
                System.arraycopy(row, 0, withFamily, 1, row.length);
                row = withFamily;
            }
            t.row(row);
        }
        if (!t.isEmpty()) {
            t.print(out);
        }
        return ExitCode.OK;
    }
}
