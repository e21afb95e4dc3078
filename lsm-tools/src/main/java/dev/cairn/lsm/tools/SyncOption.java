// The --sync option shared by the commands that write (a picocli mixin). Confined to one command run.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.WriteOptions;
import picocli.CommandLine.Option;

/** Chooses whether a write is fsynced before the command returns. */
final class SyncOption {
    @Option(names = "--sync", description = "Fsync before returning (survives a power cut).")
    boolean sync;

    /** @return the write options the chosen durability asks for */
    WriteOptions writeOptions() {
        return sync ? WriteOptions.sync() : WriteOptions.defaults();
    }
}
