// What a compaction did, as an EventListener hears it at its begin and end. Immutable.
package dev.cairn.lsm;

import java.time.Duration;
import java.util.List;

/**
 * What a compaction did, reported to {@link EventListener}. A table moved one level down without
 * being rewritten (nothing in that level overlaps it, as in a sequential fill) is reported with a
 * reason ending in " (moved)", itself as both input and output, and no bytes read or written.
 *
 * @param reason why it ran (for example "leveled score", "seek compaction", "size-tiered bucket", "tombstones", "manual")
 * @param outputLevel the level (or tier) the outputs went to
 * @param inputs file numbers of the tables read
 * @param outputs file numbers of the tables written (empty at begin)
 * @param bytesRead bytes of table read
 * @param bytesWritten bytes of table written
 * @param duration how long it took (zero at begin)
 * @param family the name of the column family compacted ({@link ColumnFamily#DEFAULT_NAME} for the default)
 */
public record CompactionInfo(String reason, int outputLevel, List<Long> inputs, List<Long> outputs,
                             long bytesRead, long bytesWritten, Duration duration, String family) {
    /** Copies the lists so the record stays immutable. */
    public CompactionInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * A compaction of the default family.
     *
     * @param reason why it ran
     * @param outputLevel the level the outputs went to
     * @param inputs file numbers of the tables read
     * @param outputs file numbers of the tables written
     * @param bytesRead bytes of table read
     * @param bytesWritten bytes of table written
     * @param duration how long it took
     */
    public CompactionInfo(String reason, int outputLevel, List<Long> inputs, List<Long> outputs,
                          long bytesRead, long bytesWritten, Duration duration) {
        this(reason, outputLevel, inputs, outputs, bytesRead, bytesWritten, duration, ColumnFamily.DEFAULT_NAME);
    }
}
