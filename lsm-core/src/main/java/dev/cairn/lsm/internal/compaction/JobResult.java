// The tables a flush or compaction wrote and the bytes it read and wrote. Immutable.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.List;

/**
 * The tables a flush or compaction wrote and what it cost.
 *
 * @param outputs the new tables (already renamed to their final names, not yet live)
 * @param bytesRead table bytes read
 * @param bytesWritten table bytes written
 */
public record JobResult(List<FileMetadata> outputs, long bytesRead, long bytesWritten) {
    /** Copies the list. */
    public JobResult {
        outputs = List.copyOf(outputs);
    }
}
