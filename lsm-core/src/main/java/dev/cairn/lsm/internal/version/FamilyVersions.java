// One column family's part of the version side: its current Version (levels and tables), the
// oldest write-ahead log still holding its unflushed writes (its log number), its compaction
// strategy and persisted options as the manifest records them, and its pickers' memory. The
// manifest, file numbers and the last sequence stay the VersionSet's, shared by every family.
// Thread-safe: the set's monitor guards the counters; current is volatile.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.io.IOException;
import java.util.List;

/**
 * The version side as one column family sees it: the family's {@link Version}, log number,
 * strategy and options, with edits that {@link #logAndApply} stamps with the family's id before
 * the shared {@link VersionSet} makes them durable.
 */
public final class FamilyVersions {
    private final VersionSet set;
    private final int id;
    private final String name;
    /** Volatile; replaced under the set's monitor. */
    private volatile Version current;
    /** Guarded by the set's monitor. */
    private long logNumber;
    /** Guarded by the set's monitor. */
    private String strategy = "";
    /** Guarded by the set's monitor: the persisted options' text ("" for the default family). */
    private String options = "";
    /** Volatile: set once, when the family's drop is durable. */
    private volatile boolean dropped;
    private final PickerMemory pickerMemory = new PickerMemory();

    FamilyVersions(VersionSet set, int id, String name, Version initial) {
        this.set = set;
        this.id = id;
        this.name = name;
        this.current = initial;
    }

    /** @return the family's id: 0 for the default family */
    public int id() {
        return id;
    }

    /** @return the family's name */
    public String name() {
        return name;
    }

    /** @return the current version without taking a reference (only under the engine's lock) */
    public Version current() {
        return current;
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

    /** @return what this family's compaction picker remembers between picks */
    public PickerMemory pickerMemory() {
        return pickerMemory;
    }

    /**
     * Makes {@code edit}, stamped with this family's id, durable and installs the version it produces.
     *
     * @throws IOException if the manifest cannot be written
     * @throws IllegalStateException if the family was dropped
     */
    public void logAndApply(VersionEdit edit) throws IOException {
        edit.setFamily(id);
        set.logAndApply(edit);
    }

    /** @return a new, never used file number (shared by every family) */
    public long newFileNumber() {
        return set.newFileNumber();
    }

    /** @return the commit-time map of a store retaining versions, or null */
    public CommitTimes commitTimes() {
        return set.commitTimes();
    }

    /** @return the oldest write-ahead log that may hold writes of this family not yet in a table */
    public long logNumber() {
        synchronized (set) {
            return logNumber;
        }
    }

    /** @return the compaction strategy the manifest records for this family ("" when none) */
    public String strategy() {
        synchronized (set) {
            return strategy;
        }
    }

    /** @return the family's persisted options in their text form ("" when none are recorded) */
    public String options() {
        synchronized (set) {
            return options;
        }
    }

    /** @return whether the family's drop is durable */
    public boolean dropped() {
        return dropped;
    }

    /** @return every table number of the current version */
    List<Long> liveTableNumbers() {
        return current.allFiles().stream().map(f -> f.number()).toList();
    }

    /** Set's monitor held: takes the family's fields an edit carries. */
    void absorb(VersionEdit e) {
        if (e.logNumber().isPresent()) {
            logNumber = e.logNumber().getAsLong();
        }
        if (e.strategy().isPresent()) {
            strategy = e.strategy().get();
        }
        if (e.familyOptions().isPresent()) {
            options = e.familyOptions().get();
        }
    }

    /**
     * Set's monitor held: writes the family's whole state into {@code snapshot}, with {@code edit}
     * applied when it is this family's and {@code edited} (the version it produces) is not null.
     */
    void describe(VersionEdit snapshot, VersionEdit edit, Version edited) {
        if (edited == null || edit.family() != id) {
            describe(snapshot, current);
            return;
        }
        describe(snapshot, edited);
        edit.logNumber().ifPresent(snapshot::setLogNumber);
        edit.strategy().ifPresent(snapshot::setStrategy);
        if (id != 0) {
            edit.familyOptions().ifPresent(snapshot::setFamilyOptions);
        }
    }

    /** Set's monitor held: writes the family's whole state into {@code snapshot}. */
    void describe(VersionEdit snapshot, Version v) {
        snapshot.setFamily(id);
        if (id != 0) {
            snapshot.setCreatedFamily(name);
            snapshot.setFamilyOptions(options);
        }
        snapshot.setLogNumber(logNumber);
        snapshot.setStrategy(strategy);
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (var f : v.files(level)) {
                snapshot.addFile(level, f);
            }
        }
        for (var b : v.blobFiles().values()) {
            snapshot.addBlobFile(new VersionEdit.BlobFileAdded(b.number(), b.count(), b.bytes()));
            if (b.garbageCount() > 0) {
                snapshot.addBlobGarbage(new VersionEdit.BlobGarbage(b.number(), b.garbageCount(), b.garbageBytes()));
            }
        }
    }

    /** Set's monitor held: makes {@code v} current and drops the old version's reference. */
    void install(Version v) {
        Version old = current;
        current = v;
        old.unref();
    }

    /** Set's monitor held: the drop is durable; the family's tables go once no reader holds them. */
    void drop(Version empty) {
        dropped = true;
        install(empty);
    }
}
