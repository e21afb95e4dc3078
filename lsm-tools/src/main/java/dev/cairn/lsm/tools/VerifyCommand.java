// cairn verify: every checksum of every live file, and that the manifest matches the directory,
// read without opening the store. Exit 2 when damage is found; warnings (a torn log tail,
// leftover files) do not change the exit code.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.internal.inspect.StoreVerifier;
import dev.cairn.lsm.internal.inspect.VerifyReport;
import java.io.IOException;
import java.io.PrintStream;
import okio.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Verifies a store. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every checksum of every live file and that the manifest matches the directory (exit 2 on damage).")
final class VerifyCommand extends StoreCommand {
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        StoreAccess.requireStore(dir());
        okio.Path dir = Formats.okio(dir());
        Encryption encryption = encryption();
        VerifyReport r;
        try (Progress progress = progress("verify", StoreVerifier.plannedBytes(FileSystem.SYSTEM, dir, encryption),
                Progress.Unit.BYTES)) {
            r = StoreVerifier.verify(FileSystem.SYSTEM, dir, progress::step, encryption);
        }
        if (json) {
            printJson(GSON.toJsonTree(r));
            return r.corrupt() ? ExitCode.CORRUPTION : ExitCode.OK;
        }
        PrintStream out = io().out();
        TextTable t = new TextTable("FILE", "KIND", ">BYTES", "STATUS");
        for (VerifyReport.CheckedFile f : r.files()) {
            t.row(f.name(), f.kind(), f.bytes(), f.intact() ? "ok" : "DAMAGED");
        }
        t.print(out);
        printProblems(r.problems());
        long damaged = r.problems().stream().filter(p -> p.corruption()).count();
        out.println(damaged == 0
                ? "ok: " + r.files().size() + " files, " + TextTable.bytes(r.bytesChecked()) + " checked"
                : "CORRUPT: " + damaged + (damaged == 1 ? " problem" : " problems") + " in " + r.files().size() + " files");
        return r.corrupt() ? ExitCode.CORRUPTION : ExitCode.OK;
    }
}
