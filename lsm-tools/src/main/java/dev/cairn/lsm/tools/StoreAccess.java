// The one place cairn opens a store, so how it opens (read-only, locked, created) changes in
// one line. Reading commands refuse a directory that holds no store; writing commands create
// one where the directory does not exist yet (put, load) and refuse a locked store naming the
// process that holds it when that can be known. The store is opened with the compaction
// strategy its manifest records, so inspecting a size-tiered store does not switch it, and with
// the encryption --key-file gives (null: a plain store).
// Stateless.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreLockedException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.internal.inspect.ManifestInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import okio.FileSystem;

/** Opens stores for the commands. */
final class StoreAccess {
    private StoreAccess() {
    }

    /**
     * Opens an existing store for reading, read-only: no lock, nothing written, so it works
     * beside a process that has the store open.
     *
     * @param encryption the store's encryption, or null when it is not encrypted
     * @throws ToolException (not found) when {@code dir} holds no store
     */
    static LsmStore openForReading(Path dir, Encryption encryption) {
        requireStore(dir);
        return LsmStore.openReadOnly(dir, options(dir, encryption));
    }

    /**
     * Opens a store for writing.
     *
     * @param create whether to create the store when {@code dir} does not exist yet
     * @param encryption the store's encryption (a created store is encrypted with it), or null
     * @throws ToolException (not found) when there is no store and {@code create} is false, or
     *     (usage) when {@code dir} is a non-empty directory that is not a store
     */
    static LsmStore openForWriting(Path dir, boolean create, Encryption encryption) {
        if (!create || isStore(dir)) {
            requireStore(dir);
        } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw ToolException.usage(dir + " is not a Cairn store (no CURRENT file) and is not empty:"
                    + " refusing to create a store among other files");
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw ToolException.usage(dir + " is a file, not a store directory");
        }
        return open(dir, encryption);
    }

    /** @return whether {@code dir} holds a store (a CURRENT file) */
    static boolean isStore(Path dir) {
        return Files.isRegularFile(dir.resolve("CURRENT"));
    }

    /** @throws ToolException (not found) when {@code dir} holds no store */
    static void requireStore(Path dir) {
        if (!Files.exists(dir)) {
            throw ToolException.notFound("no store at " + dir + ": the directory does not exist");
        }
        if (!isStore(dir)) {
            throw ToolException.notFound("no store at " + dir + ": the directory holds no CURRENT file");
        }
    }

    private static LsmStore open(Path dir, Encryption encryption) {
        try {
            return LsmStore.open(dir, options(dir, encryption));
        } catch (StoreLockedException e) {
            String holder = LockHolder.describe(dir.resolve("LOCK"));
            throw new ToolException(ExitCode.IO, "store " + dir + " is locked: "
                    + (holder != null ? holder + " holds it" : "another process holds it")
                    + " (stop it, or use a read-only command)", e);
        }
    }

    /**
     * @param encryption the store's encryption, or null
     * @return default options with {@code encryption}, and with the compaction strategy the
     *     store's manifest records (its kind's default parameters), so opening does not switch it
     */
    static StoreOptions options(Path dir, Encryption encryption) {
        StoreOptions.Builder b = StoreOptions.builder().encryption(encryption);
        if (isStore(dir)) {
            try {
                String recorded = ManifestInspector.read(FileSystem.SYSTEM, okio.Path.get(dir.toAbsolutePath().toString()),
                        encryption).strategy();
                for (CompactionStrategy.Kind kind : CompactionStrategy.Kind.values()) {
                    if (kind.name().equals(recorded)) {
                        b.compaction(CompactionStrategy.builder(kind).build());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // opening reports the damage itself
            }
        }
        return b.build();
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
