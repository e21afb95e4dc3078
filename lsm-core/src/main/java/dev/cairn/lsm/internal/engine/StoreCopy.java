// A copy of a store's state at one sequence number, taken while writers go on: the version's
// tables and the memtables' entries up to that sequence. Holds the SuperVersion it read, so the
// tables it names stay on disk until close(). Used by checkpoints (hard links or copies into a
// new store directory) and backups (tables shared between backups). The copy's own files (the
// memtables' table, an empty log, the manifest) are numbered past every table it names. A copy
// of a store that retains versions carries its commit-time map up to the copy's sequence. A copy
// of an encrypted store is encrypted with the store's cipher (its table options carry it): the
// tables keep their numbers and so their headers, the memtables' table and the manifest are sealed.
// A copy of a store with column families copies every family: its tables, its memtables' table,
// and its create edit (name, options, strategy) in the copy's manifest.
// Not thread-safe: one owner.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.internal.compaction.MemTableExport;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileCopy;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.ManifestWriter;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** One store's state at one sequence, ready to be written elsewhere. */
public final class StoreCopy implements AutoCloseable {
    /**
     * A table of the copy.
     *
     * @param level its level
     * @param file what the manifest records about it
     * @param fs the file system holding it
     * @param path where it is
     */
    public record Table(int level, FileMetadata file, FileSystem fs, Path path) { }

    /**
     * What writing a checkpoint did.
     *
     * @param linked tables hard-linked
     * @param copied files copied or written
     * @param bytesCopied bytes copied or written
     */
    public record Written(int linked, int copied, long bytesCopied) { }

    /**
     * One column family of the copy.
     *
     * @param id the family's id (0: the default)
     * @param name its name
     * @param options its persisted options' text
     * @param strategy its strategy as the manifest records it
     * @param sv its state copied; the reference passes to the copy
     * @param tableOptions how its memtables' table is written
     */
    record Part(int id, String name, String options, String strategy, SuperVersion sv, TableOptions tableOptions) { }

    private final FileSystem storeFs;
    private final FileSystem callerFs;
    private final Path dir;
    /** The families copied, the default first. */
    private final List<Part> parts;
    /** The highest family id the store handed out (0: it never made a family). */
    private final int lastFamilyId;
    /** The family of each table, by table number. */
    private final Map<Long, Integer> familyOf = new HashMap<>();
    private final long sequence;
    private final String strategy;
    private final TableOptions tableOptions;
    private final long now;
    /** The commit-time pairs the copy's manifest records (flattened), or null: the store keeps none. */
    private final long[] commitTimes;
    private final List<Table> tables = new ArrayList<>();
    private long nextNumber;
    private boolean memtablesWritten;
    /** The blob files of the value log the copy's tables point into. */
    private final List<BlobFileState> blobFiles;

    /**
     * @param storeFs the file system the store reads through
     * @param callerFs the writable file system of the store's directory (a checkpoint into it is
     *     written through this; hard links only on {@link FileSystem#SYSTEM})
     * @param sv the state copied; its reference passes to this copy
     * @param times the store's commit-time map, or null when it retains no versions: the pairs
     *     up to {@code sequence} go into the copy's manifest, so a copy opened with retention
     *     reads history and instants like the store for what it holds
     */
    StoreCopy(FileSystem storeFs, FileSystem callerFs, Path dir, SuperVersion sv, long sequence, String strategy,
              TableOptions tableOptions, long now, CommitTimes times) {
        this(storeFs, callerFs, dir, List.of(new Part(0, "default", "", strategy, sv, tableOptions)), 0, sequence, now,
                times);
    }

    /**
     * @param parts every family copied, the default first (its strategy and table options are the copy's)
     * @param lastFamilyId the highest family id the store handed out
     */
    StoreCopy(FileSystem storeFs, FileSystem callerFs, Path dir, List<Part> parts, int lastFamilyId, long sequence,
              long now, CommitTimes times) {
        this.storeFs = storeFs;
        this.callerFs = callerFs;
        this.dir = dir;
        this.parts = List.copyOf(parts);
        this.lastFamilyId = lastFamilyId;
        this.sequence = sequence;
        this.strategy = parts.get(0).strategy();
        this.tableOptions = parts.get(0).tableOptions();
        this.now = now;
        this.commitTimes = times == null ? null : times.pairsUpTo(sequence, now);
        long highest = 0;
        for (Part part : parts) {
            for (int level = 0; level < Version.NUM_LEVELS; level++) {
                for (FileMetadata f : part.sv().version.files(level)) {
                    tables.add(new Table(level, f, storeFs, dir.resolve(FileNames.table(f.number()))));
                    familyOf.put(f.number(), part.id());
                    highest = Math.max(highest, f.number());
                }
            }
        }
        List<BlobFileState> blobs = new ArrayList<>();
        for (Part part : parts) {
            for (BlobFileState b : part.sv().version.blobFiles().values()) {
                blobs.add(b);
                familyOf.put(b.number(), part.id());
                highest = Math.max(highest, b.number());
            }
        }
        this.blobFiles = List.copyOf(blobs);
        this.nextNumber = highest + 1;
    }

    /**
     * Takes a copy of {@code db}'s current state.
     *
     * @param db an open store (read-only or not)
     * @return the copy; close it when done
     * @throws IllegalArgumentException for a store this engine did not open
     */
    public static StoreCopy of(LsmStore db) {
        if (db instanceof StoreEngine e) {
            return e.copy();
        }
        if (db instanceof ReadOnlyStore r) {
            return r.copy();
        }
        throw new IllegalArgumentException("not a store opened by LsmStore.open or LsmStore.openReadOnly: " + db);
    }

    /**
     * Refuses a target a copy must not be written to: inside the store's own directory, or an
     * existing file or non-empty directory. Checked before anything is written.
     *
     * @param fs the target's file system
     * @param target the target directory
     * @throws IllegalArgumentException naming what is wrong
     */
    public void checkTarget(FileSystem fs, Path target) throws IOException {
        if (fs == callerFs && inside(fs, target, dir)) {
            throw new IllegalArgumentException("target " + target + " is inside the store directory " + dir
                    + ": choose a directory outside it");
        }
        okio.FileMetadata md = fs.metadataOrNull(target);
        if (md != null && !md.isDirectory()) {
            throw new IllegalArgumentException("target " + target + " is a file: give a new or empty directory");
        }
        if (md != null && !fs.list(target).isEmpty()) {
            throw new IllegalArgumentException("target " + target + " is not empty: give a new or empty directory");
        }
    }

    /**
     * @return whether {@code target} is {@code dir} or lies inside it, once both are made absolute
     *     and normal (and, on the system file system, symbolic links in their existing parts resolved)
     */
    static boolean inside(FileSystem fs, Path target, Path dir) {
        String t = canonical(fs, target).toString();
        String d = canonical(fs, dir).toString();
        return t.equals(d) || t.startsWith(d.endsWith("/") ? d : d + "/");
    }

    private static Path canonical(FileSystem fs, Path p) {
        Path abs = p.isAbsolute() ? p : Path.get(System.getProperty("user.dir")).resolve(p);
        if (fs == FileSystem.SYSTEM) {
            java.nio.file.Path nio = abs.toNioPath().normalize();
            // Resolve the deepest existing ancestor (the target may not exist yet).
            java.nio.file.Path existing = nio;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            try {
                java.nio.file.Path real = existing == null ? nio : existing.toRealPath().resolve(existing.relativize(nio));
                return Path.get(real.normalize().toString());
            } catch (IOException e) {
                return abs.normalized();
            }
        }
        return abs.normalized();
    }

    /** @return the sequence the copy shows */
    public long sequence() {
        return sequence;
    }

    /** @return the tables so far: the version's, then the memtables' once written */
    public List<Table> tables() {
        return Collections.unmodifiableList(tables);
    }

    /** @return the compaction strategy the manifest records */
    public String strategy() {
        return strategy;
    }

    /**
     * Writes each family's memtable entries up to the copy's sequence into one level-0 table of
     * that family in {@code target} (fsynced), and adds them to {@link #tables()}. Writes nothing
     * for a family whose memtables hold none, nor a second time.
     *
     * @return the tables written (none when the memtables hold nothing)
     */
    public List<Table> writeMemtables(FileSystem fs, Path target) throws IOException {
        if (memtablesWritten) {
            return List.of();
        }
        memtablesWritten = true;
        List<Table> written = new ArrayList<>();
        for (Part part : parts) {
            List<MemTable> mems = new ArrayList<>(part.sv().imms);
            mems.add(part.sv().mem);
            FileMetadata f = MemTableExport.write(mems, sequence, fs, target, part.tableOptions(), nextNumber++, now);
            if (f != null) {
                Table t = new Table(0, f, fs, target.resolve(FileNames.table(f.number())));
                tables.add(t);
                familyOf.put(f.number(), part.id());
                written.add(t);
            }
        }
        return written;
    }

    /**
     * Writes an empty write-ahead log and a manifest naming {@link #tables()} (by their numbers)
     * into {@code target}, both fsynced. CURRENT is not written: that is the caller's commit point.
     *
     * @return the manifest's file name
     */
    public String writeManifest(FileSystem fs, Path target) throws IOException {
        long log = nextNumber++;
        long manifest = nextNumber++;
        try (FileHandle h = fs.openReadWrite(target.resolve(FileNames.wal(log)), true, false)) {
            h.flush();
        }
        List<VersionEdit> edits = new ArrayList<>();
        for (Part part : parts) {
            VersionEdit edit = new VersionEdit().setLogNumber(log).setStrategy(part.strategy());
            if (part.id() == 0) {
                edit.setNextFileNumber(nextNumber).setLastSequence(sequence);
                if (lastFamilyId > 0) {
                    edit.setLastFamilyId(lastFamilyId);
                }
                if (commitTimes != null && commitTimes.length > 0) {
                    edit.setCommitTimes(commitTimes);
                }
            } else {
                edit.setFamily(part.id()).setCreatedFamily(part.name()).setFamilyOptions(part.options());
            }
            for (Table t : tables) {
                if (familyOf.get(t.file().number()) == part.id()) {
                    edit.addFile(t.level(), t.file());
                }
            }
            for (BlobFileState b : blobFiles) {
                if (familyOf.get(b.number()) == part.id()) {
                    edit.addBlobFile(new VersionEdit.BlobFileAdded(b.number(), b.count(), b.bytes()));
                    if (b.garbageCount() > 0) {
                        edit.addBlobGarbage(new VersionEdit.BlobGarbage(b.number(), b.garbageCount(), b.garbageBytes()));
                    }
                }
            }
            edits.add(edit);
        }
        // Sealed like the store's own (its tables keep their numbers, so their headers still fit).
        try (ManifestWriter w = ManifestWriter.create(fs, target, manifest, tableOptions.cipher())) {
            for (VersionEdit edit : edits) {
                w.append(edit);
            }
        }
        return FileNames.manifest(manifest);
    }

    /**
     * Writes this copy as a store in {@code target}: tables hard-linked where the file system
     * allows (the system file system, same device), copied otherwise; the memtables' table, the
     * log and the manifest; CURRENT last (temp, fsync, rename, directory fsync), so a copy cut
     * short is not a store.
     *
     * @param fs the target's file system
     * @param target a new or empty directory outside the store
     * @return what was linked and copied
     */
    public Written writeCheckpoint(FileSystem fs, Path target) throws IOException {
        checkTarget(fs, target);
        fs.createDirectories(target, false);
        int linked = 0;
        int copied = 0;
        long bytes = 0;
        for (Table t : List.copyOf(tables)) {
            Path to = target.resolve(t.path().name());
            if (link(t, fs, to)) {
                linked++;
            } else {
                bytes += FileCopy.copy(t.fs(), t.path(), fs, to).bytes();
                copied++;
            }
        }
        Written blobs = copyBlobFiles(fs, target);
        linked += blobs.linked();
        copied += blobs.copied();
        bytes += blobs.bytesCopied();
        for (Table m : writeMemtables(fs, target)) {
            copied++;
            bytes += m.file().fileSize();
        }
        String manifest = writeManifest(fs, target);
        DirectorySyncer.sync(fs, target);
        CurrentFile.write(fs, target, manifest);
        return new Written(linked, copied + 2, bytes);
    }

    /**
     * Puts the blob files the copy's tables point into in {@code target}: hard-linked where the
     * file systems allow, copied otherwise (a blob file is never changed once written).
     *
     * @return what was linked and copied
     */
    public Written copyBlobFiles(FileSystem fs, Path target) throws IOException {
        int linked = 0;
        int copied = 0;
        long bytes = 0;
        for (BlobFileState b : blobFiles) {
            Path from = dir.resolve(FileNames.blob(b.number()));
            Path to = target.resolve(from.name());
            if (link(from, fs, to)) {
                linked++;
            } else {
                bytes += FileCopy.copy(storeFs, from, fs, to).bytes();
                copied++;
            }
        }
        return new Written(linked, copied, bytes);
    }

    private boolean link(Table t, FileSystem fs, Path to) {
        return link(t.path(), fs, to);
    }

    private boolean link(Path from, FileSystem fs, Path to) {
        if (fs != FileSystem.SYSTEM || callerFs != FileSystem.SYSTEM) {
            return false;
        }
        try {
            Files.createLink(to.toNioPath(), from.toNioPath());
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another device, or no hard links here: copy instead
        }
    }

    /** Releases the state read (the store may delete tables it no longer needs). */
    @Override
    public void close() {
        for (Part part : parts) {
            part.sv().unref();
        }
    }
}
