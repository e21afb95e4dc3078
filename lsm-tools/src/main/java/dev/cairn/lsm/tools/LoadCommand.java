// cairn load FILE|-: reads what dump wrote (JSON Lines or CSV) and writes it in atomic batches,
// creating the store when the directory does not exist. A record that cannot be read stops the
// load after the batches of every record before it are written; the message names the line and
// says plainly what was loaded. Everything loaded is flushed to tables before the command ends.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports entries. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Write the entries of FILE (- for stdin), as dump writes them, in batches"
                + " (creates the store if the directory does not exist).")
final class LoadCommand extends StoreCommand {
    @Parameters(paramLabel = "FILE", description = "The dump to load, or - for standard input.")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (default) or csv.")
    String format = "jsonl";

    @Option(names = "--batch", paramLabel = "N", description = "Entries per atomic batch (default ${DEFAULT-VALUE}).")
    int batchSize = 1000;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    FamilyOption family;

    @Override
    public Integer call() throws IOException {
        ByteFormat bytes = encoding.format();
        DumpFormat f = Formats.dumpFormat(format);
        if (batchSize < 1) {
            throw ToolException.usage("--batch must be at least 1, was " + batchSize);
        }
        boolean stdin = file.equals("-");
        Path path = stdin ? null : Path.of(file);
        if (!stdin && !Files.isRegularFile(path)) {
            throw ToolException.notFound("no file " + file);
        }
        long total = stdin ? -1 : Files.size(path);
        String source = stdin ? "stdin" : file;
        long loaded = 0;
        long lastLine = 0;
        try (InputStream in = stdin ? io().in() : Files.newInputStream(path);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
             LsmStore db = StoreAccess.openForWriting(dir(), true, encryption());
             Progress progress = progress("load", total, Progress.Unit.BYTES)) {
            DumpFormat.EntryReader entries = f.reader(reader, bytes);
            ColumnFamily cf = family.createIfMissing(db);
            WriteBatch batch = new WriteBatch();
            int inBatch = 0;
            long reported = 0;
            try {
                DumpFormat.Entry e;
                while ((e = entries.next()) != null) {
                    batch.put(cf, e.key(), e.value());
                    lastLine = e.line();
                    if (++inBatch == batchSize) {
                        db.write(batch, WriteOptions.noSync());
                        loaded += inBatch;
                        batch = new WriteBatch();
                        inBatch = 0;
                        progress.step(entries.charsRead() - reported);
                        reported = entries.charsRead();
                    }
                }
            } catch (DumpFormat.BadRecord bad) {
                db.write(batch, WriteOptions.noSync());
                loaded += inBatch;
                db.flush(cf);
                throw ToolException.usage(source + " line " + bad.line + ": " + bad.getMessage() + "; "
                        + (loaded == 0 ? "nothing was loaded"
                                : "the " + loaded + (loaded == 1 ? " entry" : " entries") + " before it (through line "
                                        + lastLine + (loaded == 1 ? ") was loaded" : ") were loaded"))
                        + ", nothing from line " + bad.line + " on");
            }
            db.write(batch, WriteOptions.noSync());
            loaded += inBatch;
            db.flush(cf);
            progress.step(entries.charsRead() - reported);
        } catch (NoSuchFileException e) {
            throw ToolException.notFound("no file " + file);
        }
        note("loaded " + loaded + (loaded == 1 ? " entry" : " entries") + " from " + source);
        return ExitCode.OK;
    }
}
