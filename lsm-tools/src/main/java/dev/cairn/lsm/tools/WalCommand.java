// cairn wal FILE [--records]: a write-ahead log's records (sequence ranges, operations) and
// where a torn tail begins; damage followed by intact records exits 2, a torn tail does not
// (the store drops it at open).
package dev.cairn.lsm.tools;

import dev.cairn.lsm.internal.inspect.LogInspector;
import dev.cairn.lsm.internal.inspect.LogReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import okio.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a write-ahead log. */
@Command(name = "wal", mixinStandardHelpOptions = true,
        description = "Show a write-ahead log's records and where a torn tail begins. FILE may be a name inside --db.")
final class WalCommand extends StoreCommand {
    @Parameters(paramLabel = "FILE", description = "The log file (e.g. 000011.wal).")
    String file;

    @Option(names = "--records", description = "List every record.")
    boolean records;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        java.nio.file.Path path = existingFile(file);
        if (path.getFileName().toString().startsWith("MANIFEST-")) {
            throw ToolException.usage(file + " is a manifest, not a write-ahead log: use cairn manifest --file " + file);
        }
        LogReport r = LogInspector.inspect(FileSystem.SYSTEM, Formats.okio(path), encryption());
        if (json) {
            printJson(GSON.toJsonTree(r));
            return r.corrupt() ? ExitCode.CORRUPTION : ExitCode.OK;
        }
        PrintStream out = io().out();
        long ops = r.records().stream().mapToLong(LogReport.Record::count).sum();
        out.println("file           " + r.file() + ", " + r.fileSize() + " bytes");
        out.println("records        " + r.records().size() + " batches, " + ops + " operations ("
                + r.records().stream().mapToLong(LogReport.Record::puts).sum() + " puts, "
                + r.records().stream().mapToLong(LogReport.Record::deletes).sum() + " deletes, "
                + r.records().stream().mapToLong(LogReport.Record::rangeDeletes).sum() + " range deletes)");
        if (!r.records().isEmpty()) {
            LogReport.Record first = r.records().get(0);
            LogReport.Record last = r.records().get(r.records().size() - 1);
            out.println("sequences      " + first.sequence() + ".." + (last.sequence() + Math.max(0, last.count() - 1)));
        }
        out.println("data ends at   offset " + r.lastValidOffset());
        out.println("torn tail      " + (r.tornTailOffset() < 0 ? "none" : "from offset " + r.tornTailOffset()));
        if (records) {
            out.println();
            TextTable t = new TextTable(">OFFSET", ">END", ">SEQUENCE", ">OPS", ">PUTS", ">DELETES", ">RANGE-DELS",
                    ">BYTES", "WRITTEN");
            for (LogReport.Record x : r.records()) {
                t.row(x.offset(), x.end(), x.sequence(), x.count(), x.puts(), x.deletes(), x.rangeDeletes(), x.bytes(),
                        Instant.ofEpochMilli(x.writeTime()));
            }
            t.print(out);
        }
        printProblems(r.problems());
        return r.corrupt() ? ExitCode.CORRUPTION : ExitCode.OK;
    }
}
