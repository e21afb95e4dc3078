// The version side's durable metadata: current version, manifest, file numbers, log number, last
// sequence, and the pickers' memory. Changes go through logAndApply (the manifest's commit point).
// Thread-safe: its own monitor guards it; current and lastSequence are volatile.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.ManifestReader;
import dev.cairn.lsm.internal.manifest.ManifestWriter;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileSystem;
import okio.Path;

/**
 * The store's durable metadata: the current {@link Version}, the next file number, the last
 * sequence number and the oldest live write-ahead log. Every change goes through
 * {@link #logAndApply}, which appends the edit to the manifest and fsyncs it (the commit point)
 * before installing the new version. The manifest is rewritten as a single snapshot edit when it
 * grows past a limit, and CURRENT is swapped atomically to name the new one.
 * {@code logAndApply} is serialised; {@link #current()} may be read from any thread.
 *
 * <p>Locking: this set's own monitor guards the counters, the manifest and the install of a new
 * version (every method that changes them is {@code synchronized}); {@link #current} and
 * {@link #lastSequence} are volatile, read without it. The last sequence is also raised without it
 * by the commit leader ({@link #setLastSequence}), so every write of it only ever raises it.
 */
public final class VersionSet {
    /** Manifest size past which a new manifest is started. */
    static final long MANIFEST_ROTATE_BYTES = 4L << 20;

    private final FileSystem fs;
    private final Path dir;
    private final TableRegistry registry;
    /** Final: seals the manifests of an encrypted store; null when the store is not encrypted. */
    private final StoreCipher cipher;
    /** Volatile; replaced under this set's monitor. */
    private volatile Version current;
    /** Guarded by this set's monitor. */
    private long nextFileNumber = 2;
    /** Volatile; only ever raised (by the commit leader without the monitor, by edits with it). */
    private volatile long lastSequence;
    /** Guarded by this set's monitor. */
    private long logNumber;
    /** Guarded by this set's monitor. */
    private String strategy = "";
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
    /** Guarded by its own monitor: what compaction pickers remember between picks. */
    private final PickerMemory pickerMemory = new PickerMemory();

    /**
     * @param fs the store's file system
     * @param dir the store directory
     * @param registry the open-table registry
     * @param cipher encrypts the manifests of an encrypted store; null when the store is not encrypted
     */
    public VersionSet(FileSystem fs, Path dir, TableRegistry registry, StoreCipher cipher) {
        this.fs = fs;
        this.dir = dir;
        this.registry = registry;
        this.cipher = cipher;
        this.current = new Version(List.of(), registry);
    }

    /**
     * Loads the state named by CURRENT, or creates a fresh store when there is none.
     *
     * @return true when an existing store was recovered
     * @throws CorruptionException if CURRENT or the manifest is damaged
     */
    public synchronized boolean recover() throws IOException {
        return recover(false);
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
        bumpPastExistingFiles();
        String name = CurrentFile.read(fs, dir);
        if (name == null) {
            if (hasDataFile()) {
                throw new CorruptionException("store directory " + dir
                        + " holds tables or logs but no CURRENT file (offset 0)");
            }
            // A creation that never installed CURRENT wrote nothing else: start afresh.
            deleteStrayManifests();
            writeNewManifest(current, logNumber, strategy, nextFileNumber++);
            return false;
        }
        Path path = dir.resolve(name);
        if (!fs.exists(path)) {
            throw new CorruptionException("CURRENT names " + name + " but " + path + " does not exist");
        }
        List<VersionEdit> edits = ManifestReader.read(fs, path, cipher);
        if (edits.isEmpty()) {
            throw new CorruptionException(path + ": manifest holds no version edit at offset 0");
        }
        VersionBuilder builder = new VersionBuilder(current);
        for (VersionEdit e : edits) {
            builder.apply(e);
            absorbCounters(e);
        }
        Version v = builder.build(registry);
        install(v);
        bumpPastExistingFiles();
        FileNames.ParsedName parsed = FileNames.parse(name);
        manifestNumber = parsed == null ? 0 : parsed.number();
        nextFileNumber = Math.max(nextFileNumber, manifestNumber + 1);
        if (deferManifest) {
            // The old manifest is never appended to (it may have a torn tail): the next edit
            // starts a fresh one, as after a failed append.
            manifestBroken = true;
            return true;
        }
        // Start a fresh manifest so a torn tail of the old one is never appended to.
        long old = manifestNumber;
        writeNewManifest(current, logNumber, strategy, nextFileNumber++);
        fs.delete(dir.resolve(FileNames.manifest(old)), false);
        return true;
    }

    private boolean hasDataFile() throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && (parsed.type() == FileNames.FileType.TABLE || parsed.type() == FileNames.FileType.WAL)) {
                return true;
            }
        }
        return false;
    }

    private void deleteStrayManifests() throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && (parsed.type() == FileNames.FileType.MANIFEST || parsed.type() == FileNames.FileType.TEMP)) {
                fs.delete(p, false);
            }
        }
    }

    /** Never hand out a number some file in the directory already has (an unrecorded log, a leftover manifest). */
    private void bumpPastExistingFiles() throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && parsed.number() >= nextFileNumber) {
                nextFileNumber = parsed.number() + 1;
            }
        }
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
        if (e.logNumber().isPresent()) {
            logNumber = e.logNumber().getAsLong();
        }
        if (e.nextFileNumber().isPresent()) {
            nextFileNumber = Math.max(nextFileNumber, e.nextFileNumber().getAsLong());
        }
        if (e.lastSequence().isPresent()) {
            // Only a raise is written: the commit leader raises it concurrently, and writing back
            // an unchanged maximum read before its raise would lower it again.
            setLastSequence(e.lastSequence().getAsLong());
        }
        if (e.strategy().isPresent()) {
            strategy = e.strategy().get();
        }
        for (VersionEdit.AddedFile nf : e.addedFiles()) {
            nextFileNumber = Math.max(nextFileNumber, nf.file().number() + 1);
        }
        for (VersionEdit.BlobFileAdded b : e.blobFilesAdded()) {
            nextFileNumber = Math.max(nextFileNumber, b.number() + 1);
        }
    }

    private void writeNewManifest(Version v, long logNum, String strategyName, long number) throws IOException {
        VersionEdit snapshot = new VersionEdit();
        snapshot.setLogNumber(logNum);
        snapshot.setNextFileNumber(nextFileNumber);
        snapshot.setLastSequence(lastSequence);
        snapshot.setStrategy(strategyName);
        long persisted = attachCommitTimes(snapshot, true);
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata f : v.files(level)) {
                snapshot.addFile(level, f);
            }
        }
        for (BlobFileState b : v.blobFiles().values()) {
            snapshot.addBlobFile(new VersionEdit.BlobFileAdded(b.number(), b.count(), b.bytes()));
            if (b.garbageCount() > 0) {
                snapshot.addBlobGarbage(new VersionEdit.BlobGarbage(b.number(), b.garbageCount(), b.garbageBytes()));
            }
        }
        ManifestWriter w = ManifestWriter.create(fs, dir, number, cipher);
        boolean ok = false;
        try {
            w.append(snapshot);
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
        if (edit.logNumber().isEmpty()) {
            edit.setLogNumber(logNumber);
        }
        edit.setNextFileNumber(nextFileNumber);
        edit.setLastSequence(lastSequence);
        long persisted = attachCommitTimes(edit, false);
        VersionBuilder builder = new VersionBuilder(current);
        builder.apply(edit);
        try {
            if (manifestBroken || manifest.size() > MANIFEST_ROTATE_BYTES) {
                // A failed append may have left a torn record; never append after it.
                long old = manifestNumber;
                // The snapshot holds the edit's strategy too (it is not appended on its own).
                writeNewManifest(builder.build(null), edit.logNumber().getAsLong(), edit.strategy().orElse(strategy),
                        nextFileNumber++);
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
        install(builder.build(registry));
    }

    private void install(Version v) {
        Version old = current;
        current = v;
        old.unref();
    }

    /** @return the current version, with a reference the caller must drop */
    public Version acquireCurrent() {
        while (true) {
            Version v = current;
            if (v.tryRef()) {
                return v;
            }
        }
    }

    /** @return the current version without taking a reference (only under the engine's lock) */
    public Version current() {
        return current;
    }

    /** @return what the compaction pickers remember between picks (the version side owns it) */
    public PickerMemory pickerMemory() {
        return pickerMemory;
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

    /** @return the oldest write-ahead log still needed */
    public synchronized long logNumber() {
        return logNumber;
    }

    /** @return the compaction strategy recorded in the manifest ("" when none) */
    public synchronized String strategy() {
        return strategy;
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
    public List<Long> liveTableNumbers() {
        List<Long> out = new ArrayList<>();
        for (FileMetadata f : current.allFiles()) {
            out.add(f.number());
        }
        return out;
    }
}
