// The tables a flush or compaction wrote and the bytes it read and wrote. Immutable.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.util.List;

/**
 * The tables a flush or compaction wrote, what it cost, and what it changed in the value log.
 *
 * @param outputs the new tables (already renamed to their final names, not yet live)
 * @param bytesRead table bytes read
 * @param bytesWritten table bytes written
 * @param blobFiles the new blob files (fsynced and renamed, not yet live)
 * @param blobGarbage garbage the job made in existing blob files
 */
public record JobResult(List<FileMetadata> outputs, long bytesRead, long bytesWritten,
                        List<VersionEdit.BlobFileAdded> blobFiles, List<VersionEdit.BlobGarbage> blobGarbage) {
    /** Copies the lists. */
    public JobResult {
        outputs = List.copyOf(outputs);
        blobFiles = List.copyOf(blobFiles);
        blobGarbage = List.copyOf(blobGarbage);
    }

    /** A result that touched no blob file. */
    public JobResult(List<FileMetadata> outputs, long bytesRead, long bytesWritten) {
        this(outputs, bytesRead, bytesWritten, List.of(), List.of());
    }

    /** Adds the new blob files and the garbage to the edit that installs the outputs. */
    public void addBlobsTo(VersionEdit edit) {
        blobFiles.forEach(edit::addBlobFile);
        blobGarbage.forEach(edit::addBlobGarbage);
    }

    /** @return bytes of the new blob files' records */
    public long blobBytesWritten() {
        return blobFiles.stream().mapToLong(VersionEdit.BlobFileAdded::bytes).sum();
    }
}
