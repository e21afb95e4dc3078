// cairn backups --in DIR [--verify [N]] [--purge KEEP] [--delete N]: lists the backups of a
// backup directory, verifies them (every file's checksum; exit 2 on damage), keeps the newest
// KEEP, or deletes one.
package dev.cairn.lsm.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cairn.lsm.BackupInfo;
import dev.cairn.lsm.Backups;
import dev.cairn.lsm.CorruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Manages a backup directory. */
@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List the backups in a backup directory; --verify checks them, --purge KEEP keeps the newest KEEP,"
                + " --delete N removes one.")
final class BackupsCommand extends StoreCommand {
    @Option(names = "--in", paramLabel = "DIR", required = true, description = "The backup directory.")
    Path in;

    @Option(names = "--verify", paramLabel = "N", arity = "0..1", fallbackValue = "0",
            description = "Check every file's checksum of backup N (without N, or 0: of every backup).")
    Long verify;

    @Option(names = "--purge", paramLabel = "KEEP", description = "Keep the newest KEEP backups, remove the others.")
    Integer purge;

    @Option(names = "--delete", paramLabel = "N", description = "Remove backup N.")
    Long delete;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (verify != null && verify < 0) {
            throw ToolException.usage("--verify takes a backup id (1 or more), or 0 for every backup; got " + verify);
        }
        checkId("--delete", delete);
        requireBackupDir(in);
        int exit = ExitCode.OK;
        try (Backups backups = Backups.open(in)) {
            if (delete != null) {
                find(backups, delete);
                backups.delete(delete);
                note("deleted backup " + delete);
            }
            if (purge != null) {
                if (purge < 0) {
                    throw ToolException.usage("--purge must be at least 0, was " + purge);
                }
                note("removed " + backups.purgeOld(purge) + " backups");
            }
            List<BackupInfo> all = backups.list();
            JsonArray array = new JsonArray();
            TextTable t = new TextTable(">ID", "TAKEN", ">SEQUENCE", ">FILES", ">SIZE", "VERIFIED");
            for (BackupInfo i : all) {
                String verified = "";
                if (verify != null && (verify == 0 || verify == i.id())) {
                    try {
                        backups.verify(i.id());
                        verified = "ok";
                    } catch (CorruptionException e) {
                        verified = "DAMAGED: " + e.getMessage();
                        exit = ExitCode.CORRUPTION;
                    }
                }
                JsonObject o = json(i);
                if (!verified.isEmpty()) {
                    o.addProperty("verified", verified);
                }
                array.add(o);
                t.row(i.id(), i.timestamp(), i.sequence(), i.files(), TextTable.bytes(i.bytes()), verified);
            }
            if (verify != null && verify > 0 && all.stream().noneMatch(i -> i.id() == verify)) {
                throw ToolException.notFound("no backup " + verify + " in " + in);
            }
            if (json) {
                printJson(array);
            } else {
                t.print(io().out());
            }
        }
        return exit;
    }

    static JsonObject json(BackupInfo i) {
        JsonObject o = new JsonObject();
        o.addProperty("id", i.id());
        o.addProperty("timestamp", i.timestamp().toString());
        o.addProperty("sequence", i.sequence());
        o.addProperty("files", i.files());
        o.addProperty("bytes", i.bytes());
        return o;
    }

    /** @return backup {@code id}, or the newest when null; exit 4 when there is none */
    static BackupInfo find(Backups backups, Long id) {
        List<BackupInfo> all = backups.list();
        if (all.isEmpty()) {
            throw ToolException.notFound("the backup directory holds no backup");
        }
        if (id == null) {
            return all.get(all.size() - 1);
        }
        return all.stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> ToolException.notFound("no backup " + id + " (there are " + all.size() + ")"));
    }

    /** Refuses an id that no backup can have (ids are 1, 2, ...) as bad input, before anything is opened. */
    static void checkId(String option, Long id) {
        if (id != null && id < 1) {
            throw ToolException.usage(option + " takes a backup id, 1 or more (see cairn backups); got " + id);
        }
    }

    /** Refuses a directory that holds no backups (reading must not create one). */
    static void requireBackupDir(Path dir) {
        if (!Files.isDirectory(dir.resolve("meta"))) {
            throw ToolException.notFound("no backup directory at " + dir);
        }
    }
}
