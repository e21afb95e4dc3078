// cairn backup --to DIR: an incremental backup of the store into a backup directory, taken from
// a read-only view (so it works beside a running service); tables already backed up are shared.
package dev.cairn.lsm.tools;

import com.google.gson.JsonObject;
import dev.cairn.lsm.BackupInfo;
import dev.cairn.lsm.Backups;
import dev.cairn.lsm.LsmStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Backs a store up. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back the store up into a backup directory (incremental: tables already there are not copied).")
final class BackupCommand extends StoreCommand {
    @Option(names = "--to", paramLabel = "DIR", required = true, description = "The backup directory (created if needed).")
    Path to;

    @Option(names = "--json", description = "Print the new backup as JSON.")
    boolean json;

    @Override
    public Integer call() {
        BackupInfo info;
        long before = DirectoryGrowth.size(to);
        try (LsmStore db = StoreAccess.openForReading(dir(), encryption()); Backups backups = Backups.open(to);
             Progress progress = progress("backup", db.stats().tableBytes(), Progress.Unit.BYTES);
             DirectoryGrowth growth = DirectoryGrowth.follow(to, progress)) {
            info = backups.create(db);
        }
        long written = DirectoryGrowth.size(to) - before;
        if (json) {
            JsonObject o = BackupsCommand.json(info);
            o.addProperty("bytesWritten", written);
            printJson(o);
        } else {
            io().out().println("backup " + info.id() + " at sequence " + info.sequence() + ": " + info.files() + " files, "
                    + TextTable.bytes(info.bytes()) + " (" + TextTable.bytes(Math.max(0, written)) + " new)");
        }
        return ExitCode.OK;
    }
}
