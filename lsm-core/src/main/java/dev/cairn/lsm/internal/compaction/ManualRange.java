// The inputs of a manual compactRange: every table meeting the range, widened until closed under
// overlap. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a manual {@code compactRange(from, to)}: every table of every level meeting the
 * range, with the range widened to those tables' bounds until no other table meets it. Every
 * table that can hold a key of the output is then an input, so the output may go to any level
 * without breaking what reads rely on (newer data never deeper than older data; sorted levels
 * never overlapping). Stateless; thread-safe.
 */
final class ManualRange {
    private ManualRange() {
    }

    /**
     * @param v the version
     * @param from first user key or null
     * @param to last user key or null
     * @param inputs receives the tables
     * @param levels receives each table's level
     */
    static void collect(Version v, byte[] from, byte[] to, List<FileMetadata> inputs, List<Integer> levels) {
        byte[] lo = from;
        byte[] hi = to;
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int level = 0; level < Version.NUM_LEVELS; level++) {
                for (FileMetadata f : v.overlapping(level, lo, hi)) {
                    if (!inputs.contains(f)) {
                        inputs.add(f);
                        levels.add(level);
                        if (lo != null) {
                            lo = LeveledPicker.min(lo, InternalKey.userKey(f.smallest()));
                        }
                        if (hi != null) {
                            hi = LeveledPicker.max(hi, InternalKey.userKey(f.largest()));
                        }
                        grew = true;
                    }
                }
            }
        }
    }

    /** @return one merge of the range into a single level-0 table, or null when nothing meets it */
    static Compaction intoLevelZero(Version v, byte[] from, byte[] to) {
        List<FileMetadata> inputs = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        collect(v, from, to, inputs, levels);
        if (inputs.isEmpty()) {
            return null;
        }
        return new Compaction(inputs, levels, 0, Long.MAX_VALUE, Compaction.MANUAL, List.of());
    }
}
