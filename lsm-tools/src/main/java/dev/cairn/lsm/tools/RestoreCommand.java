// cairn restore --from DIR --id N --to DIR: restores a backup as a new store; every checksum is
// checked as files are copied and the store's CURRENT is written last.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.BackupInfo;
import dev.cairn.lsm.Backups;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Restores a backup. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore backup N from a backup directory into a new or empty directory (exit 2 if the backup is damaged).")
final class RestoreCommand extends StoreCommand {
    @Option(names = "--from", paramLabel = "DIR", required = true, description = "The backup directory.")
    Path from;

    @Option(names = "--id", paramLabel = "N", description = "The backup to restore (default: the newest).")
    Long id;

    @Option(names = "--to", paramLabel = "DIR", required = true, description = "Where to restore (new or empty).")
    Path to;

    @Override
    public Integer call() {
        BackupsCommand.checkId("--id", id);
        BackupsCommand.requireBackupDir(from);
        long started = System.nanoTime();
        try (Backups backups = Backups.open(from)) {
            BackupInfo info = BackupsCommand.find(backups, id);
            try (Progress progress = progress("restore", info.bytes(), Progress.Unit.BYTES);
                 DirectoryGrowth growth = DirectoryGrowth.follow(to, progress)) {
                backups.restore(info.id(), to);
            }
            note(String.format("restored backup %d (sequence %d, %s) into %s (%.1f s)", info.id(), info.sequence(),
                    TextTable.bytes(info.bytes()), to, (System.nanoTime() - started) / 1e9));
        }
        return ExitCode.OK;
    }
}
