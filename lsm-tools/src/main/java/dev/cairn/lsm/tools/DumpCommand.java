// cairn dump [--out FILE] [--format jsonl|csv]: every entry in key order, one record per entry.
// A dump to a file is written under FILE.partial and renamed when complete, so a file named
// FILE is always a whole dump.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.internal.inspect.ManifestInspector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import okio.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Exports every entry. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Write every entry in key order as JSON Lines ({\"key\": ..., \"value\": ...} per line) or CSV.")
final class DumpCommand extends StoreCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (default) or csv.")
    String format = "jsonl";

    @Mixin
    EncodingOptions encoding;

    @Mixin
    FamilyOption family;

    @Override
    public Integer call() throws IOException {
        ByteFormat bytes = encoding.format();
        DumpFormat f = Formats.dumpFormat(format);
        Path dir = dir();
        Path partial = out == null ? null : out.resolveSibling(out.getFileName() + ".partial");
        long n = 0;
        Encryption encryption = encryption();
        try (LsmStore db = StoreAccess.openForReading(dir, encryption);
             Progress progress = progress("dump", estimatedEntries(dir, encryption), Progress.Unit.ENTRIES)) {
            OutputStream sink = partial == null ? io().out() : Files.newOutputStream(partial);
            Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 20);
            boolean done = false;
            try (Cursor c = db.newCursor(family.existing(db), ReadOptions.defaults())) {
                DumpFormat.EntryWriter entries = f.writer(w, bytes);
                for (c.seekToFirst(); c.isValid(); c.next()) {
                    entries.write(c.key(), c.value());
                    n++;
                    if ((n & 1023) == 0) {
                        progress.step(1024);
                    }
                }
                progress.step(n & 1023);
                progress.total(n);
                w.flush();
                done = true;
            } finally {
                if (partial != null) {
                    w.close();
                    if (!done) {
                        Files.deleteIfExists(partial);
                    }
                }
            }
        }
        if (partial != null) {
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            note("dumped " + n + (n == 1 ? " entry" : " entries") + " to " + out);
        }
        return ExitCode.OK;
    }

    /** @return the tables' entry count (versions and deletes included): a progress estimate */
    private static long estimatedEntries(Path dir, Encryption encryption) {
        try {
            return ManifestInspector.read(FileSystem.SYSTEM, okio.Path.get(dir.toAbsolutePath().toString()), encryption)
                    .entries();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
