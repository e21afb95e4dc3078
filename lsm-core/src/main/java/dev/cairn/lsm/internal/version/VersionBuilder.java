// Applies version edits to a base version to produce the next one. Single-threaded.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies version edits to a base version to produce the next one. Single-threaded. */
final class VersionBuilder {
    private final List<Map<Long, FileMetadata>> levels = new ArrayList<>();
    private final Version base;
    private final Map<Long, BlobFileState> blobFiles;

    VersionBuilder(Version base) {
        this.base = base;
        this.blobFiles = new java.util.TreeMap<>(base.blobFiles());
        for (int i = 0; i < Version.NUM_LEVELS; i++) {
            Map<Long, FileMetadata> m = new LinkedHashMap<>();
            for (FileMetadata f : base.files(i)) {
                m.put(f.number(), f);
            }
            levels.add(m);
        }
    }

    void apply(VersionEdit edit) {
        for (VersionEdit.DeletedFile d : edit.deletedFiles()) {
            checkLevel(d.level());
            levels.get(d.level()).remove(d.number());
        }
        for (VersionEdit.AddedFile nf : edit.addedFiles()) {
            checkLevel(nf.level());
            for (Map<Long, FileMetadata> m : levels) {
                m.remove(nf.file().number());
            }
            levels.get(nf.level()).put(nf.file().number(), nf.file());
        }
        for (VersionEdit.BlobFileAdded b : edit.blobFilesAdded()) {
            blobFiles.put(b.number(), BlobFileState.of(b));
        }
        for (VersionEdit.BlobGarbage g : edit.blobGarbage()) {
            BlobFileState s = blobFiles.get(g.number());
            if (s == null) {
                throw new CorruptionException("version edit counts garbage in blob file " + g.number()
                        + ", which is not live");
            }
            BlobFileState next = s.plus(g);
            if (next.allGarbage()) {
                // No pointer reaches it: it leaves the version (and the disk once no reader holds it).
                blobFiles.remove(g.number());
            } else {
                blobFiles.put(g.number(), next);
            }
        }
    }

    private static void checkLevel(int level) {
        if (level < 0 || level >= Version.NUM_LEVELS) {
            throw new CorruptionException("version edit names level " + level + ", outside 0.." + (Version.NUM_LEVELS - 1));
        }
    }

    Version build(TableRegistry registry) {
        List<List<FileMetadata>> out = new ArrayList<>();
        for (Map<Long, FileMetadata> m : levels) {
            out.add(new ArrayList<>(m.values()));
        }
        return new Version(out, blobFiles, registry, base.seeks());
    }
}
