// One change to the set of live files and the store's counters, as appended to the manifest
// (docs/format.md, "Manifest"). Mutable while being built, then encoded; not thread-safe.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.CorruptionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A version edit: optional counters (log number, next file number, last sequence), an optional
 * compaction strategy name, the files deleted from and added to levels, and the blob files of the
 * value log added and the garbage found in them. Encoded as a
 * sequence of tagged fields; decoding refuses unknown tags and truncation.
 */
public final class VersionEdit {
    /** Levels are numbered from 0 to {@code MAX_LEVELS - 1}. */
    public static final int MAX_LEVELS = 64;

    static final int TAG_LOG_NUMBER = 1;
    static final int TAG_NEXT_FILE_NUMBER = 2;
    static final int TAG_LAST_SEQUENCE = 3;
    static final int TAG_STRATEGY = 4;
    static final int TAG_DELETED_FILE = 5;
    static final int TAG_ADDED_FILE = 6;
    static final int TAG_COMMIT_TIMES = 7;
    static final int TAG_FAMILY = 8;
    static final int TAG_CREATE_FAMILY = 9;
    static final int TAG_FAMILY_OPTIONS = 10;
    static final int TAG_DROP_FAMILY = 11;
    static final int TAG_LAST_FAMILY_ID = 12;
    static final int TAG_BLOB_FILE_ADDED = 13;
    static final int TAG_BLOB_GARBAGE = 14;
    static final int TAG_TABLE_BLOB_REFS = 15;

    /**
     * A file removed from a level.
     *
     * @param level the level
     * @param number the file number
     */
    public record DeletedFile(int level, long number) { }

    /**
     * A file added to a level.
     *
     * @param level the level
     * @param file the file
     */
    public record AddedFile(int level, FileMetadata file) { }

    /**
     * A blob file of the value log joined the store.
     *
     * @param number its file number
     * @param count the records it holds
     * @param bytes the bytes of those records (checksums included; header and footer not)
     */
    public record BlobFileAdded(long number, long count, long bytes) { }

    /**
     * Records of a blob file that no pointer reaches any more (compactions dropped or moved their
     * pointers); a blob file whose every record is garbage leaves the version.
     *
     * @param number the blob file's number
     * @param count garbage records added
     * @param bytes garbage bytes added
     */
    public record BlobGarbage(long number, long count, long bytes) { }

    Long logNumber;
    Long nextFileNumber;
    Long lastSequence;
    String strategy;
    /** Commit-time pairs {@code time, seq, ...} (tag 7), written only by a store retaining versions. */
    long[] commitTimes;
    /** The column family the files, log number and strategy belong to (tag 8; absent: 0, the default). */
    int family;
    /** Tag 9: the edit creates {@link #family} with this name. */
    String createFamily;
    /** Tag 10: the family's persisted options, in their text form. */
    String familyOptions;
    /** Tag 11: the edit drops {@link #family}. */
    boolean dropFamily;
    /** Tag 12: the highest family id ever handed out (ids are never reused). */
    Integer lastFamilyId;
    final List<DeletedFile> deleted = new ArrayList<>();
    final List<AddedFile> added = new ArrayList<>();
    final List<BlobFileAdded> blobsAdded = new ArrayList<>();
    final List<BlobGarbage> blobGarbage = new ArrayList<>();

    /** Creates an empty edit. */
    public VersionEdit() {
    }

    /** @return the oldest log still needed (older logs are flushed), if set */
    public OptionalLong logNumber() {
        return logNumber == null ? OptionalLong.empty() : OptionalLong.of(logNumber);
    }

    /**
     * @param n the oldest log still needed
     * @return this edit
     */
    public VersionEdit setLogNumber(long n) {
        this.logNumber = requireNonNegative(n, "log number");
        return this;
    }

    /** @return the next unused file number, if set */
    public OptionalLong nextFileNumber() {
        return nextFileNumber == null ? OptionalLong.empty() : OptionalLong.of(nextFileNumber);
    }

    /**
     * @param n the next unused file number
     * @return this edit
     */
    public VersionEdit setNextFileNumber(long n) {
        this.nextFileNumber = requireNonNegative(n, "next file number");
        return this;
    }

    /** @return the last sequence number used, if set */
    public OptionalLong lastSequence() {
        return lastSequence == null ? OptionalLong.empty() : OptionalLong.of(lastSequence);
    }

    /**
     * @param n the last sequence number used
     * @return this edit
     */
    public VersionEdit setLastSequence(long n) {
        this.lastSequence = requireNonNegative(n, "last sequence");
        return this;
    }

    /** @return the compaction strategy's name (and any state it encodes in it), if set */
    public Optional<String> strategy() {
        return Optional.ofNullable(strategy);
    }

    /**
     * @param name the compaction strategy's name
     * @return this edit
     */
    public VersionEdit setStrategy(String name) {
        this.strategy = Objects.requireNonNull(name, "strategy");
        return this;
    }

    /**
     * Records that a file left a level.
     *
     * @param level the level
     * @param number the file number
     * @return this edit
     */
    public VersionEdit deleteFile(int level, long number) {
        deleted.add(new DeletedFile(checkLevel(level), requireNonNegative(number, "file number")));
        return this;
    }

    /**
     * Records that a file joined a level.
     *
     * @param level the level
     * @param file the file
     * @return this edit
     */
    public VersionEdit addFile(int level, FileMetadata file) {
        requireNonNegative(file.number(), "file number");
        added.add(new AddedFile(checkLevel(level), file));
        return this;
    }

    /** @return the column family this edit's files, log number and strategy belong to (0: the default) */
    public int family() {
        return family;
    }

    /**
     * @param id the column family the edit's files, log number and strategy belong to
     * @return this edit
     */
    public VersionEdit setFamily(int id) {
        this.family = (int) requireNonNegative(id, "family id");
        return this;
    }

    /** @return the name of the family this edit creates, if it creates one */
    public Optional<String> createdFamily() {
        return Optional.ofNullable(createFamily);
    }

    /**
     * @param name the name of the family ({@link #family()}) this edit creates
     * @return this edit
     */
    public VersionEdit setCreatedFamily(String name) {
        this.createFamily = Objects.requireNonNull(name, "name");
        return this;
    }

    /** @return the family's options in their text form, if the edit sets them */
    public Optional<String> familyOptions() {
        return Optional.ofNullable(familyOptions);
    }

    /**
     * @param text the family's persisted options
     * @return this edit
     */
    public VersionEdit setFamilyOptions(String text) {
        this.familyOptions = Objects.requireNonNull(text, "options");
        return this;
    }

    /** @return whether this edit drops its family */
    public boolean dropsFamily() {
        return dropFamily;
    }

    /** @return this edit, now dropping its family ({@link #family()}) */
    public VersionEdit setDropFamily() {
        this.dropFamily = true;
        return this;
    }

    /** @return the highest family id handed out, if set */
    public OptionalLong lastFamilyId() {
        return lastFamilyId == null ? OptionalLong.empty() : OptionalLong.of(lastFamilyId);
    }

    /**
     * @param id the highest family id handed out so far
     * @return this edit
     */
    public VersionEdit setLastFamilyId(int id) {
        this.lastFamilyId = (int) requireNonNegative(id, "last family id");
        return this;
    }

    /**
     * Records that a blob file joined the store.
     *
     * @param blob the file
     * @return this edit
     */
    public VersionEdit addBlobFile(BlobFileAdded blob) {
        requireNonNegative(blob.number(), "blob file number");
        requireNonNegative(blob.count(), "blob record count");
        requireNonNegative(blob.bytes(), "blob bytes");
        blobsAdded.add(blob);
        return this;
    }

    /**
     * Records garbage in a blob file.
     *
     * @param garbage the file and what became garbage
     * @return this edit
     */
    public VersionEdit addBlobGarbage(BlobGarbage garbage) {
        requireNonNegative(garbage.number(), "blob file number");
        requireNonNegative(garbage.count(), "garbage count");
        requireNonNegative(garbage.bytes(), "garbage bytes");
        blobGarbage.add(garbage);
        return this;
    }

    /** @return the blob files added, in the order recorded (unmodifiable) */
    public List<BlobFileAdded> blobFilesAdded() {
        return Collections.unmodifiableList(blobsAdded);
    }

    /** @return the garbage recorded, in the order recorded (unmodifiable) */
    public List<BlobGarbage> blobGarbage() {
        return Collections.unmodifiableList(blobGarbage);
    }

    /** @return the deleted files, in the order recorded (unmodifiable) */
    public List<DeletedFile> deletedFiles() {
        return Collections.unmodifiableList(deleted);
    }

    /** @return the added files, in the order recorded (unmodifiable) */
    public List<AddedFile> addedFiles() {
        return Collections.unmodifiableList(added);
    }

    /**
     * @return the commit-time pairs it carries ({@code time0, seq0, time1, seq1, ...}, both
     *     ascending), if it was written by a store retaining versions
     */
    public Optional<long[]> commitTimes() {
        return Optional.ofNullable(commitTimes);
    }

    /**
     * @param pairs commit-time pairs {@code time0, seq0, ...}, both ascending (may be empty)
     * @return this edit
     */
    public VersionEdit setCommitTimes(long[] pairs) {
        this.commitTimes = pairs.clone();
        return this;
    }

    /** @return the edit's bytes: the payload of one manifest record */
    public byte[] encode() {
        return EditEncoder.encode(this);
    }

    /**
     * Decodes an edit.
     *
     * @param data the bytes of one manifest record
     * @param fileName the manifest's name, for messages
     * @return the edit
     * @throws CorruptionException naming the file and the offset within the edit, if a tag is
     *     unknown, a field is truncated or out of range, or a string is not UTF-8
     */
    public static VersionEdit decode(byte[] data, String fileName) {
        return decode(data, fileName, "");
    }

    /**
     * Decodes an edit read from a known place in a file.
     *
     * @param data the bytes of one manifest record
     * @param fileName the manifest's name, for messages
     * @param where where the record lies (e.g. {@code " in the record at file offset 4096"}),
     *     appended to messages
     * @return the edit
     * @throws CorruptionException as {@link #decode(byte[], String)}
     */
    public static VersionEdit decode(byte[] data, String fileName, String where) {
        return EditDecoder.decode(data, fileName, where);
    }

    /** Compares every field. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VersionEdit)) {
            return false;
        }
        VersionEdit e = (VersionEdit) o;
        return Objects.equals(logNumber, e.logNumber) && Objects.equals(nextFileNumber, e.nextFileNumber)
            && Objects.equals(lastSequence, e.lastSequence) && Objects.equals(strategy, e.strategy)
            && deleted.equals(e.deleted) && added.equals(e.added)
            && Arrays.equals(commitTimes, e.commitTimes) && family == e.family
            && Objects.equals(createFamily, e.createFamily) && Objects.equals(familyOptions, e.familyOptions)
            && dropFamily == e.dropFamily && Objects.equals(lastFamilyId, e.lastFamilyId)
            && blobsAdded.equals(e.blobsAdded) && blobGarbage.equals(e.blobGarbage);
    }

    /** Hashes every field. */
    @Override
    public int hashCode() {
        return Objects.hash(logNumber, nextFileNumber, lastSequence, strategy, deleted, added, family, createFamily,
            familyOptions, dropFamily, lastFamilyId, blobsAdded, blobGarbage)
            + Arrays.hashCode(commitTimes);
    }

    /** Lists the fields that are set. */
    @Override
    public String toString() {
        return "VersionEdit[" + (family == 0 ? "" : "family " + family + ", ")
            + (createFamily == null ? "" : "create " + createFamily + ", ") + (dropFamily ? "drop, " : "")
            + (familyOptions == null ? "" : "options " + familyOptions + ", ")
            + (lastFamilyId == null ? "" : "last family " + lastFamilyId + ", ") + "log " + logNumber + ", next file " + nextFileNumber + ", last seq " + lastSequence
            + ", strategy " + strategy + ", deleted " + deleted + ", added " + added
            + (blobsAdded.isEmpty() ? "" : ", blob files " + blobsAdded)
            + (blobGarbage.isEmpty() ? "" : ", blob garbage " + blobGarbage)
            + (commitTimes == null ? "" : ", commit times " + commitTimes.length / 2) + "]";
    }

    private static int checkLevel(int level) {
        if (level < 0 || level >= MAX_LEVELS) {
            throw new IllegalArgumentException("level must be in [0, " + MAX_LEVELS + "), was " + level);
        }
        return level;
    }

    private static long requireNonNegative(long n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + n);
        }
        return n;
    }
}
