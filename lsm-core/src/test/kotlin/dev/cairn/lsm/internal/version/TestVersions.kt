// Test helper: builds a Version from hand-made table metadata (no registry, no files), reaching
// the package-private constructor from the same package. Stateless.
package dev.cairn.lsm.internal.version

import dev.cairn.lsm.internal.manifest.FileMetadata

/** Builds versions for picker specs. */
object TestVersions {
    /** A version whose level i holds `levels[i]`. */
    fun of(vararg levels: List<FileMetadata>): Version = Version(levels.toList(), null)

    /** A version with live blob files [blobs] whose level i holds `levels[i]`. */
    fun withBlobs(blobs: Map<Long, dev.cairn.lsm.internal.vlog.BlobFileState>, vararg levels: List<FileMetadata>): Version =
        Version(levels.toList(), blobs, null, null)

    /** The version after [previous], whose level i holds `levels[i]`: tables both name keep their seek allowances. */
    fun next(previous: Version, vararg levels: List<FileMetadata>): Version = Version(levels.toList(), null, previous.seeks())
}
