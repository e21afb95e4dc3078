// cairn checkpoint DIR: a consistent, openable copy of the store at one sequence number, taken
// from a read-only view (so it works beside a running service); tables hard-linked where the
// file system allows.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.LsmStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Takes a checkpoint. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Write a consistent, openable copy of the store into DIR (new or empty, outside the store);"
                + " tables are hard-linked where possible.")
final class CheckpointCommand extends StoreCommand {
    @Parameters(paramLabel = "DIR", description = "Where to write the copy.")
    Path target;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        try (LsmStore db = StoreAccess.openForReading(dir(), encryption())) {
            db.checkpoint(target);
            note(String.format("checkpoint at sequence %d written to %s (%.1f s)", db.stats().lastSequence(), target,
                    (System.nanoTime() - started) / 1e9));
        }
        return ExitCode.OK;
    }
}
