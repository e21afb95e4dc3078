// The version side's durable metadata: the column families (each a FamilyVersions: current
// version, log number, strategy, pickers' memory), the manifest, file numbers and the last
// sequence. Changes go through logAndApply (the manifest's commit point). Thread-safe: its own
// monitor guards it; lastSequence is volatile.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.ManifestReader;
import dev.cairn.lsm.internal.manifest.ManifestWriter;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okio.FileSystem;
import okio.Path;

/**
 * The store's durable metadata: each column family's {@link FamilyVersions}, the next file number
 * and the last sequence number. Every change goes through {@link #logAndApply}, which appends the
 * edit (one family's) to the manifest and fsyncs it (the commit point) before installing the new
 * version. The manifest is rewritten as snapshot edits (one per family) when it grows past a
 * limit, and CURRENT is swapped atomically to name the new one. The methods without a family
 * serve the default family. Locking: this set's monitor guards the counters, the families, the
 * manifest and the install of a new version; {@link #lastSequence} is volatile and only ever raised.
 */
public final class VersionSet {
    /** Manifest size past which a new manifest is started. */
    static final long MANIFEST_ROTATE_BYTES = 4L << 20;
    /** An intact manifest up to this size takes an open's edit as an append; a larger one is rewritten. */
    static final long REOPEN_MANIFEST_BYTES = 64L << 10;

    private final FileSystem fs;
    private final Path dir;
    private final TableRegistry registry;
    /** Final: seals the manifests of an encrypted store; null when the store is not encrypted. */
    private final StoreCipher cipher;
    /** Guarded by this set's monitor: the live column families by id, the default (0) first. */
    private final TreeMap<Integer, FamilyVersions> families = new TreeMap<>();
    /** The default family (id 0), which is never dropped. */
    private final FamilyVersions defaultFamily;
    /** Guarded by this set's monitor: the highest family id handed out (ids are never reused). */
    private int lastFamilyId;
    /** Guarded by this set's monitor. */
    private long nextFileNumber = 2;
    /** Volatile; only ever raised (by the commit leader without the monitor, by edits with it). */
    private volatile long lastSequence;
    /** Guarded by this set's monitor. */
    private long manifestNumber;
    /** The commit-time map of a store retaining versions, or null; set before recovery. */
    private volatile CommitTimes commitTimes;
    /** Guarded by this set's monitor: the last sequence whose commit time the manifest holds. */
    private long commitTimesPersisted = -1;
    /** The newest commit time the manifest knows of (its tables' write times, its commit times). */
    private volatile long lastCommitTime;
    /** Guarded by this set's monitor. */
    private ManifestWriter manifest;
    /** Guarded by this set's monitor. */
    private boolean manifestBroken;

    /** @param cipher encrypts the manifests of an encrypted store; null when the store is not encrypted */
    public VersionSet(FileSystem fs, Path dir, TableRegistry registry, StoreCipher cipher) {
        this.fs = fs;
        this.dir = dir;
        this.registry = registry;
        this.cipher = cipher;
        this.defaultFamily = new FamilyVersions(this, 0, "default", new Version(List.of(), registry));
        families.put(0, defaultFamily);
    }

    /**
     * Loads the state named by CURRENT, or creates a fresh store when there is none.
     *
     * @param deferManifest for an existing store, leave the fresh manifest to the first
     *     {@link #logAndApply}, which then writes it holding the recovered state with that edit
     *     applied: an open that ends in an edit (the new log's number) writes and syncs one
     *     manifest instead of a fresh one and then an append to it. Until then the old manifest
     *     stays CURRENT and nothing is written. A fresh store's manifest is written at once either
     *     way (a log without a CURRENT would read as damage).
     * @return true when an existing store was recovered
     * @throws CorruptionException if CURRENT or the manifest is damaged
     */
    public synchronized boolean recover(boolean deferManifest) throws IOException {
        nextFileNumber = DirectoryScan.pastExistingFiles(fs, dir, nextFileNumber);
        String name = CurrentFile.read(fs, dir);
        if (name == null) {
            if (DirectoryScan.hasDataFile(fs, dir)) {
                throw new CorruptionException("store directory " + dir
                        + " holds tables or logs but no CURRENT file (offset 0)");
            }
            // A creation that never installed CURRENT wrote nothing else: start afresh.
            DirectoryScan.deleteStrayManifests(fs, dir);
            writeNewManifest(null, null, nextFileNumber++);
            return false;
        }
        Path path = dir.resolve(name);
        if (!fs.exists(path)) {
            throw new CorruptionException("CURRENT names " + name + " but " + path + " does not exist");
        }
        ManifestReader.Contents contents = ManifestReader.readContents(fs, path, cipher);
        List<VersionEdit> edits = contents.edits();
        if (edits.isEmpty()) {
            throw new CorruptionException(path + ": manifest holds no version edit at offset 0");
        }
        Map<Integer, VersionBuilder> builders = new TreeMap<>();
        builders.put(0, new VersionBuilder(defaultFamily.current()));
        for (VersionEdit e : edits) {
            replay(e, builders, path.name());
        }
        for (Map.Entry<Integer, VersionBuilder> b : builders.entrySet()) {
            families.get(b.getKey()).install(b.getValue().build(registry));
        }
        nextFileNumber = DirectoryScan.pastExistingFiles(fs, dir, nextFileNumber);
        FileNames.ParsedName parsed = FileNames.parse(name);
        manifestNumber = parsed == null ? 0 : parsed.number();
        nextFileNumber = Math.max(nextFileNumber, manifestNumber + 1);
        if (deferManifest) {
            if (contents.intact() && contents.end() <= REOPEN_MANIFEST_BYTES && cipher == null && commitTimes == null) {
                // Small and intact: the open's edit is appended to it (one fsync, instead of a
                // fresh manifest, CURRENT and two directory syncs). Encrypted manifests are not
                // reopened (their records are sealed under per-file nonces), nor those of stores
                // keeping commit times (a fresh manifest restates the whole map).
                manifest = ManifestWriter.reopen(fs, dir, manifestNumber, contents.end());
                return true;
            }
            // Otherwise the old manifest is never appended to (it may have a torn tail): the next
            // edit starts a fresh one, as after a failed append.
            manifestBroken = true;
            return true;
        }
        // Start a fresh manifest so a torn tail of the old one is never appended to.
        long old = manifestNumber;
        writeNewManifest(null, null, nextFileNumber++);
        fs.delete(dir.resolve(FileNames.manifest(old)), false);
        return true;
    }

    /** Recovery: applies one manifest edit to its family (creating or dropping it when it says so). */
    private void replay(VersionEdit e, Map<Integer, VersionBuilder> builders, String file) {
        int id = e.family();
        if (e.createdFamily().isPresent()) {
            families.put(id, new FamilyVersions(this, id, e.createdFamily().get(), new Version(List.of(), registry)));
            builders.put(id, new VersionBuilder(families.get(id).current()));
            lastFamilyId = Math.max(lastFamilyId, id);
        }
        FamilyVersions f = families.get(id);
        if (f == null) {
            throw new CorruptionException(file + ": a version edit names column family " + id
                    + ", which no earlier edit creates (offset 0)");
        }
        if (e.dropsFamily()) {
            builders.remove(id);
            families.remove(id);
            f.drop(new Version(List.of(), null));
        } else {
            builders.get(id).apply(e);
            f.absorb(e);
        }
        absorbCounters(e);
    }

    /**
     * Makes this store keep a commit-time map in its manifest (call before {@link #recover}).
     *
     * @param times the map, filled from the manifest as it is read and appended to by commits
     */
    public synchronized void keepCommitTimes(CommitTimes times) {
        this.commitTimes = times;
    }

    /** @return the commit-time map, or null when the store does not retain versions */
    public CommitTimes commitTimes() {
        return commitTimes;
    }

    /** @return the newest commit time recorded in the manifest: commits go on from at least it */
    public long lastCommitTime() {
        return lastCommitTime;
    }

    /**
     * Notes a commit found in a write-ahead log at recovery.
     *
     * @param lastSequence its last sequence
     * @param time its commit time
     */
    public void recoveredCommit(long lastSequence, long time) {
        lastCommitTime = Math.max(lastCommitTime, time);
        CommitTimes times = commitTimes;
        if (times != null) {
            times.record(lastSequence, time);
        }
    }

    private void absorbCommitTimes(VersionEdit e) {
        for (VersionEdit.AddedFile nf : e.addedFiles()) {
            lastCommitTime = Math.max(lastCommitTime, nf.file().maxWriteTime());
        }
        CommitTimes times = commitTimes;
        if (times == null) {
            return;
        }
        // Written without versions retained, commits the map never saw leave a hole in it: it starts again.
        times.replay(e.commitTimes().orElse(null), e.lastSequence().orElse(-1));
        lastCommitTime = Math.max(lastCommitTime, times.lastTime());
    }

    /** Attaches the commit times the manifest does not hold yet ({@code all}: every one). */
    private long attachCommitTimes(VersionEdit e, boolean all) {
        CommitTimes times = commitTimes;
        if (times == null) {
            return commitTimesPersisted;
        }
        long[] pairs = times.pairsAfter(all ? -1 : commitTimesPersisted);
        e.setCommitTimes(pairs);
        return pairs.length == 0 ? commitTimesPersisted : Math.max(commitTimesPersisted, pairs[pairs.length - 1]);
    }

    private void absorbCounters(VersionEdit e) {
        absorbCommitTimes(e);
        if (e.lastFamilyId().isPresent()) {
            lastFamilyId = Math.max(lastFamilyId, (int) e.lastFamilyId().getAsLong());
        }
        if (e.nextFileNumber().isPresent()) {
            nextFileNumber = Math.max(nextFileNumber, e.nextFileNumber().getAsLong());
        }
        if (e.lastSequence().isPresent()) {
            // Only a raise is written: the commit leader raises it concurrently, and writing back
            // an unchanged maximum read before its raise would lower it again.
            setLastSequence(e.lastSequence().getAsLong());
        }
        for (VersionEdit.AddedFile nf : e.addedFiles()) {
            nextFileNumber = Math.max(nextFileNumber, nf.file().number() + 1);
        }
        for (VersionEdit.BlobFileAdded b : e.blobFilesAdded()) {
            nextFileNumber = Math.max(nextFileNumber, b.number() + 1);
        }
    }

    /**
     * Writes a manifest holding the whole state (one edit for the store and the default family, one
     * per other family) with {@code edit} applied (when not null: its family as {@code edited}, or,
     * for a create or drop, the edit itself after the state), then points CURRENT at it: the swap
     * is the commit point of all of it.
     */
    private void writeNewManifest(VersionEdit edit, Version edited, long number) throws IOException {
        boolean appendEdit = edit != null && (edit.createdFamily().isPresent() || edit.dropsFamily());
        VersionEdit snapshot = new VersionEdit();
        snapshot.setNextFileNumber(nextFileNumber);
        snapshot.setLastSequence(lastSequence);
        if (lastFamilyId > 0) {
            snapshot.setLastFamilyId(lastFamilyId);
        }
        long persisted = attachCommitTimes(snapshot, true);
        defaultFamily.describe(snapshot, edit, appendEdit ? null : edited);
        ManifestWriter w = ManifestWriter.create(fs, dir, number, cipher);
        boolean ok = false;
        try {
            w.append(snapshot);
            for (FamilyVersions f : families.values()) {
                if (f.id() != 0) {
                    VersionEdit e = new VersionEdit();
                    f.describe(e, edit, appendEdit ? null : edited);
                    w.append(e);
                }
            }
            if (appendEdit) {
                w.append(edit);
            }
            CurrentFile.write(fs, dir, FileNames.manifest(number));
            ok = true;
        } finally {
            if (!ok) {
                w.close();
            }
        }
        if (manifest != null) {
            manifest.close();
        }
        manifest = w;
        manifestNumber = number;
        commitTimesPersisted = persisted;
    }

    /**
     * Makes {@code edit} durable in the manifest, then installs the version it produces.
     *
     * @param edit files added and removed, counters
     * @throws IOException if the manifest cannot be written; the current version is unchanged
     */
    public synchronized void logAndApply(VersionEdit edit) throws IOException {
        boolean create = edit.createdFamily().isPresent();
        FamilyVersions family = families.get(edit.family());
        if (create == (family != null)) {
            throw new IllegalStateException(create ? "column family " + edit.family() + " exists already"
                    : "column family " + edit.family() + " was dropped");
        }
        if (create) {
            lastFamilyId = Math.max(lastFamilyId, edit.family());
            edit.setLastFamilyId(lastFamilyId);
            family = new FamilyVersions(this, edit.family(), edit.createdFamily().get(), new Version(List.of(), registry));
        }
        if (edit.logNumber().isEmpty() && !edit.dropsFamily()) {
            edit.setLogNumber(family.logNumber());
        }
        edit.setNextFileNumber(nextFileNumber);
        edit.setLastSequence(lastSequence);
        long persisted = attachCommitTimes(edit, false);
        VersionBuilder builder = new VersionBuilder(family.current());
        builder.apply(edit);
        try {
            if (manifestBroken || manifest.size() > MANIFEST_ROTATE_BYTES) {
                // A failed append may have left a torn record; never append after it.
                long old = manifestNumber;
                writeNewManifest(edit, builder.build(null), nextFileNumber++);
                manifestBroken = false;
                fs.delete(dir.resolve(FileNames.manifest(old)), false);
            } else {
                manifest.append(edit);
                commitTimesPersisted = persisted;
            }
        } catch (IOException | RuntimeException e) {
            // The edit may or may not be in the manifest: its new tables must stay on disk (the next
            // open removes them if they turn out not to be live), and the next edit starts a new
            // manifest.
            manifestBroken = true;
            throw e;
        }
        absorbCounters(edit);
        if (edit.dropsFamily()) {
            families.remove(family.id());
            family.drop(new Version(List.of(), registry));
            return;
        }
        family.absorb(edit);
        if (create) {
            families.put(family.id(), family);
        }
        family.install(builder.build(registry));
    }

    /** @return the live family with this id, or null */
    public synchronized FamilyVersions family(int id) {
        return id == 0 ? defaultFamily : families.get(id);
    }

    /** @return the live families, the default first */
    public synchronized List<FamilyVersions> families() {
        return List.copyOf(families.values());
    }

    /** @return the highest family id handed out (0: no family was ever created) */
    public synchronized int lastFamilyId() {
        return lastFamilyId;
    }

    /** @return a family id never handed out before (made durable by the edit creating the family) */
    public synchronized int newFamilyId() {
        return ++lastFamilyId;
    }

    /** @return the default family's current version, with a reference the caller must drop */
    public Version acquireCurrent() {
        return defaultFamily.acquireCurrent();
    }

    /** @return the default family's current version without a reference (only under the engine's lock) */
    public Version current() {
        return defaultFamily.current();
    }

    /** @return what the default family's compaction picker remembers between picks */
    public PickerMemory pickerMemory() {
        return defaultFamily.pickerMemory();
    }

    /** @return a new, never used file number */
    public synchronized long newFileNumber() {
        return nextFileNumber++;
    }

    /** @return the sequence number of the newest durable-in-manifest write */
    public long lastSequence() {
        return lastSequence;
    }

    /** Records the newest sequence number handed out (persisted with the next edit). */
    public void setLastSequence(long seq) {
        if (seq > lastSequence) {
            lastSequence = seq;
        }
    }

    /** @return the oldest write-ahead log still needed: the lowest log number of any live family */
    public synchronized long logNumber() {
        long min = Long.MAX_VALUE;
        for (FamilyVersions f : families.values()) {
            min = Math.min(min, f.logNumber());
        }
        return min;
    }

    /** @return the default family's compaction strategy recorded in the manifest ("" when none) */
    public synchronized String strategy() {
        return defaultFamily.strategy();
    }

    /** @return the number of the live manifest */
    public synchronized long manifestNumber() {
        return manifestNumber;
    }

    /** Closes the manifest and releases the current version without deleting tables. */
    public synchronized void close() throws IOException {
        registry.closeAll();
        if (manifest != null) {
            manifest.close();
            manifest = null;
        }
    }

    /** @return every table number named by the current version */
    public synchronized List<Long> liveTableNumbers() {
        List<Long> out = new ArrayList<>();
        for (FamilyVersions f : families.values()) {
            out.addAll(f.liveTableNumbers());
        }
        return out;
    }

    /** @return the number of every blob file some live family's current version names */
    public synchronized java.util.Set<Long> liveBlobNumbers() {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (FamilyVersions f : families.values()) {
            out.addAll(f.current().blobFiles().keySet());
        }
        return out;
    }
}
