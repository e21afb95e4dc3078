// One unit of compaction work a picker chose: inputs with their levels, the output level, where
// outputs split, and why. Immutable.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.List;

/**
 * One unit of compaction work chosen by a {@link CompactionPicker}: the input tables (with the
 * level each came from), the level the outputs go to, where to split outputs, and why. Immutable.
 *
 * @param inputs the tables to merge
 * @param inputLevels the level of each input, index for index
 * @param outputLevel the level the outputs are placed in
 * @param targetFileSize split outputs at about this size (at user-key boundaries)
 * @param reason why the work was chosen, for events
 * @param dropWhole tables to drop without reading (expired under TTL); may be the only inputs
 * @param grandparents the tables of {@code outputLevel + 1} (sorted level) the outputs may
 *     overlap; an output is cut early once it overlaps {@link #GRANDPARENT_OVERLAP_FILES} target
 *     sizes of them, so a later compaction of it stays small. Empty for the unsorted level 0.
 */
public record Compaction(List<FileMetadata> inputs, List<Integer> inputLevels, int outputLevel,
                         long targetFileSize, String reason, List<FileMetadata> dropWhole,
                         List<FileMetadata> grandparents) {
    /** The reason of a compaction chosen because reads kept looking past a table (seek compaction). */
    public static final String SEEK = "seek compaction";

    /** The reason of a compaction a caller asked for (compactRange): it rewrites every input. */
    public static final String MANUAL = "manual";

    /** How many target file sizes of grandparent overlap end an output table (LevelDB uses 10). */
    public static final int GRANDPARENT_OVERLAP_FILES = 10;

    /** Copies the lists. */
    public Compaction {
        inputs = List.copyOf(inputs);
        inputLevels = List.copyOf(inputLevels);
        dropWhole = List.copyOf(dropWhole);
        grandparents = List.copyOf(grandparents);
        if (inputs.size() != inputLevels.size()) {
            throw new IllegalArgumentException("inputs and inputLevels differ in size");
        }
    }

    /**
     * @return whether reads asked for this work (a seek compaction): its outputs will be read at
     *     once, so their blocks go to the block cache as they are written
     */
    public boolean readsAsked() {
        return SEEK.equals(reason);
    }

    /**
     * LevelDB's trivial move: one table going down one level where nothing overlaps it, and
     * overlapping at most {@link #GRANDPARENT_OVERLAP_FILES} target sizes of the level below that,
     * is moved by the manifest alone, its file untouched (a sequential fill then writes each table
     * once). A manual compaction always rewrites its inputs.
     *
     * @return whether this work is such a move
     */
    public boolean isMove() {
        return inputs.size() == 1 && dropWhole.isEmpty() && !MANUAL.equals(reason)
                && outputLevel == inputLevels.get(0) + 1
                && totalBytes(grandparents) / GRANDPARENT_OVERLAP_FILES <= targetFileSize;
    }

    /** A compaction without grandparent limits. */
    public Compaction(List<FileMetadata> inputs, List<Integer> inputLevels, int outputLevel,
                      long targetFileSize, String reason, List<FileMetadata> dropWhole) {
        this(inputs, inputLevels, outputLevel, targetFileSize, reason, dropWhole, List.of());
    }

    /**
     * @param tables tables to drop without reading
     * @param reason why
     * @return a compaction that only drops {@code tables}
     */
    public static Compaction dropOnly(List<FileMetadata> tables, String reason) {
        return new Compaction(List.of(), List.of(), 0, Long.MAX_VALUE, reason, tables);
    }

    /**
     * @param inputs tables to merge, all from {@code level}
     * @param level their level, also the output level
     * @param targetFileSize where outputs are split
     * @param reason why
     * @return a compaction merging tables of one level back into that level
     */
    public static Compaction withinLevel(List<FileMetadata> inputs, int level, long targetFileSize, String reason) {
        return new Compaction(inputs, java.util.Collections.nCopies(inputs.size(), level), level,
                targetFileSize, reason, List.of());
    }

    /** @return total bytes of the input tables */
    public long inputBytes() {
        return totalBytes(inputs);
    }

    /** @return total bytes of {@code tables} */
    public static long totalBytes(List<FileMetadata> tables) {
        long n = 0;
        for (FileMetadata f : tables) {
            n += f.fileSize();
        }
        return n;
    }

    /** @return the file numbers of every table this compaction removes */
    public List<Long> removedNumbers() {
        return java.util.stream.Stream.concat(inputs.stream(), dropWhole.stream())
                .map(FileMetadata::number).toList();
    }
}
