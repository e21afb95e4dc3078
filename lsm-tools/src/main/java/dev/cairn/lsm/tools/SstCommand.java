// cairn sst FILE [--verify] [--blocks]: one table's properties, footer, filter and blocks;
// --verify reads every block and checks its checksum, decoding and key order (exit 2 on damage).
package dev.cairn.lsm.tools;

import dev.cairn.lsm.internal.inspect.TableInspector;
import dev.cairn.lsm.internal.inspect.TableReport;
import java.io.PrintStream;
import java.time.Instant;
import okio.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a table file. */
@Command(name = "sst", mixinStandardHelpOptions = true,
        description = "Show a table file: properties, index, filter, blocks. FILE may be a name inside --db.")
final class SstCommand extends StoreCommand {
    @Parameters(paramLabel = "FILE", description = "The table file (e.g. 000012.sst).")
    String file;

    @Option(names = "--verify", description = "Read every block and check every checksum (exit 2 on damage).")
    boolean verify;

    @Option(names = "--blocks", description = "List every data block.")
    boolean blocks;

    @Mixin
    EncodingOptions encoding;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ByteFormat f = encoding.format();
        java.nio.file.Path path = existingFile(file);
        TableReport r;
        try (Progress progress = progress("sst", verify ? fileSize(path) : -1, Progress.Unit.BYTES)) {
            r = TableInspector.inspect(FileSystem.SYSTEM, Formats.okio(path), verify, progress::step, encryption());
        }
        if (json) {
            printJson(gson(f).toJsonTree(r));
        } else {
            print(r, f);
        }
        return r.corrupt() ? ExitCode.CORRUPTION : ExitCode.OK;
    }

    private void print(TableReport r, ByteFormat f) {
        PrintStream out = io().out();
        out.println("file           " + r.file() + ", " + r.fileSize() + " bytes (" + TextTable.bytes(r.fileSize()) + ")");
        TableReport.Properties p = r.properties();
        if (p != null) {
            out.println("entries        " + p.entries() + " (" + p.pointTombstones() + " deletes), "
                    + p.rangeTombstones() + " range tombstones");
            out.println("smallest       " + key(p.smallest(), f));
            out.println("largest        " + key(p.largest(), f));
            out.println("sequences      " + p.minSequence() + ".." + p.maxSequence());
            out.println("write times    " + time(p.minWriteTime()) + " .. " + time(p.maxWriteTime()));
            out.println("created        " + time(p.creationTime()));
            out.println("raw bytes      keys " + p.rawKeyBytes() + ", values " + p.rawValueBytes());
        }
        if (r.index() != null) {
            out.println("index          offset " + r.index().offset() + ", " + r.index().size() + " bytes, "
                    + r.blocks().size() + " data blocks");
            out.println("filter         " + (r.filter() == null ? "none" : r.filter().kind() + " bloom, "
                    + r.filter().probes() + " probes, " + r.filter().bits() + " bits"
                    + (p != null && p.entries() > 0 ? String.format(" (%.1f bits per entry)", (double) r.filter().bits() / p.entries()) : "")));
            out.println("properties     offset " + r.propertiesBlock().offset() + ", " + r.propertiesBlock().size() + " bytes");
            out.println("range dels     offset " + r.rangeTombstoneBlock().offset() + ", "
                    + r.rangeTombstoneBlock().size() + " bytes");
        }
        for (TableReport.RangeTombstoneView t : r.rangeTombstones()) {
            out.println("range delete   [" + f.display(t.start()) + ", " + f.display(t.end()) + ") @" + t.sequence());
        }
        if (blocks) {
            out.println();
            TextTable t = r.verified()
                    ? new TextTable(">OFFSET", ">SIZE", "COMPRESSION", ">ENTRIES", "FIRST", "LAST", "PROBLEM")
                    : new TextTable(">OFFSET", ">SIZE", "SEPARATOR");
            for (TableReport.DataBlock b : r.blocks()) {
                if (r.verified()) {
                    t.row(b.offset(), b.size(), b.compression(), b.entries(), key(b.firstKey(), f), key(b.lastKey(), f),
                            b.problem() == null ? "" : b.problem());
                } else {
                    t.row(b.offset(), b.size(), key(b.separator(), f));
                }
            }
            t.print(out);
        }
        printProblems(r.problems());
        if (r.verified() && !r.corrupt()) {
            out.println("verified       every block's checksum, decoding and key order");
        }
    }

    private static String time(long millis) {
        return millis == 0 ? "-" : Instant.ofEpochMilli(millis).toString();
    }

    private static long fileSize(java.nio.file.Path p) {
        return p.toFile().length();
    }
}
