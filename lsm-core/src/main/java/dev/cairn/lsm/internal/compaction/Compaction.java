package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.List;

/**
 * One unit of compaction work chosen by a {@link CompactionPicker}: the input tables (with the
 * level each came from), the level the outputs go to, where to split outputs, and why.
 *
 * @param inputs the tables to merge
 * @param inputLevels the level of each input, index for index
 * @param outputLevel the level the outputs are placed in
 * @param targetFileSize split outputs at about this size (at user-key boundaries)
 * @param reason why the work was chosen, for events
 * @param dropWhole tables to drop without reading (expired under TTL); may be the only inputs
 */
public record Compaction(List<FileMetadata> inputs, List<Integer> inputLevels, int outputLevel,
                         long targetFileSize, String reason, List<FileMetadata> dropWhole) {
    /** Copies the lists. */
    public Compaction {
        inputs = List.copyOf(inputs);
        inputLevels = List.copyOf(inputLevels);
        dropWhole = List.copyOf(dropWhole);
        if (inputs.size() != inputLevels.size()) {
            throw new IllegalArgumentException("inputs and inputLevels differ in size");
        }
    }

    /** @return total bytes of the input tables */
    public long inputBytes() {
        long n = 0;
        for (FileMetadata f : inputs) {
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
