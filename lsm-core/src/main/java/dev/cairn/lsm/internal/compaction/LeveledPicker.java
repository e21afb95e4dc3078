// Leveled compaction (LevelDB/RocksDB): level 0 by table count, deeper levels by size over
// target, one table round-robin at a time. Stateless (round-robin keys are the version side's);
// thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.SeekBudget;
import dev.cairn.lsm.internal.version.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Leveled compaction (LevelDB/RocksDB): level 0 is compacted into level 1 when it holds
 * {@code l0Trigger} tables; level n (n >= 1) is compacted into n+1 when its size reaches
 * {@code baseLevelSize * levelMultiplier^(n-1)}. Levels are tried by score (size over target),
 * highest first; the first whose inputs are not busy wins. A level-n compaction takes one table,
 * chosen round-robin by key, and every table of level n+1 it overlaps (level 0 takes all its
 * tables); outputs are split at the target file size and where they would overlap more than
 * {@link Compaction#GRANDPARENT_OVERLAP_FILES} target sizes of level n+2. Writers slow down at
 * {@code 5 * l0Trigger} level-0 tables and stop at {@code 9 * l0Trigger} (RocksDB's 20 and 36 for
 * the default trigger 4). The round-robin position of each level is the version side's
 * ({@link PickerMemory#roundRobinKey}); the picker itself is stateless and thread-safe.
 */
public final class LeveledPicker extends AbstractPicker {
    /**
     * @param strategy the leveled parameters
     * @param ttl entries older than this are expired, or null
     * @param clock the store's clock
     */
    public LeveledPicker(CompactionStrategy strategy, Duration ttl, Clock clock) {
        super(strategy, ttl, clock);
    }

    double targetBytes(int level) {
        double t = strategy.baseLevelSize();
        for (int i = 1; i < level; i++) {
            t *= strategy.levelMultiplier();
        }
        return t;
    }

    double score(Version v, int level) {
        if (level == 0) {
            return (double) v.files(0).size() / strategy.l0Trigger();
        }
        return v.levelBytes(level) / targetBytes(level);
    }

    @Override
    Compaction pickStrategy(Version v, PickerMemory memory, Set<Long> busy, long now) {
        boolean[] tried = new boolean[Version.NUM_LEVELS];
        while (true) {
            int best = -1;
            double bestScore = 1.0;
            for (int level = 0; level < Version.NUM_LEVELS - 1; level++) {
                double s = score(v, level);
                if (!tried[level] && s >= bestScore) {
                    best = level;
                    bestScore = s;
                }
            }
            if (best < 0) {
                Compaction c = seekCompaction(v);
                return c != null && idle(c, busy) ? c : null;
            }
            tried[best] = true;
            Compaction c = pickAt(v, memory, best, busy, "leveled score " + String.format("%.2f", bestScore));
            if (c != null) {
                return c;
            }
        }
    }

    /** Work starting at {@code level} whose inputs are all idle, or null. */
    private Compaction pickAt(Version v, PickerMemory memory, int level, Set<Long> busy, String reason) {
        List<FileMetadata> files = v.files(level);
        int n = level == 0 ? 1 : files.size();
        int first = level == 0 ? files.size() - 1 : roundRobinIndex(files, memory.roundRobinKey(level));
        for (int i = 0; i < n; i++) {
            // Level 0 starts from its oldest table (files are newest first) and takes in every
            // level-0 table it overlaps; tables of a sequential fill overlap none and move alone.
            List<FileMetadata> start = List.of(files.get((first + i) % files.size()));
            Compaction c = expand(v, level, start, reason);
            if (idle(c, busy)) {
                if (level > 0) {
                    memory.setRoundRobinKey(level, InternalKey.userKey(start.get(0).largest()));
                }
                return c;
            }
        }
        return null;
    }

    /**
     * LevelDB's seek compaction, chosen only when no level is over its target: the table reads
     * kept looking past (see {@link dev.cairn.lsm.internal.version.SeekBudget}) merged into the
     * level below, with everything that overlaps it there (and in level 0, every level-0 table
     * meeting it). Null without a candidate or when it sits in the last level.
     */
    private Compaction seekCompaction(Version v) {
        SeekBudget.Candidate c = v.seeks().candidate();
        if (c == null || c.level() >= Version.NUM_LEVELS - 1) {
            return null;
        }
        return expand(v, c.level(), List.of(c.table()), Compaction.SEEK);
    }

    @Override
    public boolean compactsBySeeks() {
        return true;
    }

    private static boolean idle(Compaction c, Set<Long> busy) {
        for (FileMetadata f : c.inputs()) {
            if (busy.contains(f.number())) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of the first table of a level starting after {@code after} (0 when none) */
    private static int roundRobinIndex(List<FileMetadata> files, byte[] after) {
        if (after != null) {
            for (int i = 0; i < files.size(); i++) {
                if (InternalKey.compareUserKey(files.get(i).smallest(), after) > 0) {
                    return i;
                }
            }
        }
        return 0;
    }

    /** Adds the overlapping tables of {@code level + 1} (and of level 0 when starting there). */
    Compaction expand(Version v, int level, List<FileMetadata> start, String reason) {
        byte[] lo = null;
        byte[] hi = null;
        List<FileMetadata> inputs = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (FileMetadata f : start) {
            inputs.add(f);
            levels.add(level);
            lo = min(lo, InternalKey.userKey(f.smallest()));
            hi = max(hi, InternalKey.userKey(f.largest()));
        }
        if (level == 0) {
            // Level-0 tables overlap each other: take every one meeting the range, until stable.
            boolean grew = true;
            while (grew) {
                grew = false;
                for (FileMetadata f : v.files(0)) {
                    if (!inputs.contains(f) && Version.overlaps(f, lo, hi)) {
                        inputs.add(f);
                        levels.add(0);
                        lo = min(lo, InternalKey.userKey(f.smallest()));
                        hi = max(hi, InternalKey.userKey(f.largest()));
                        grew = true;
                    }
                }
            }
        }
        int out = level + 1;
        for (FileMetadata f : v.overlapping(out, lo, hi)) {
            inputs.add(f);
            levels.add(out);
            lo = min(lo, InternalKey.userKey(f.smallest()));
            hi = max(hi, InternalKey.userKey(f.largest()));
        }
        List<FileMetadata> grandparents = out + 1 < Version.NUM_LEVELS ? v.overlapping(out + 1, lo, hi) : List.of();
        return new Compaction(inputs, levels, out, strategy.targetFileSize(), reason, List.of(), grandparents);
    }

    @Override
    public Compaction manual(Version v, byte[] from, byte[] to) {
        List<FileMetadata> inputs = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        ManualRange.collect(v, from, to, inputs, levels);
        if (inputs.isEmpty()) {
            return null;
        }
        int out = Math.max(1, v.deepestLevel());
        return new Compaction(inputs, levels, out, strategy.targetFileSize(), Compaction.MANUAL, List.of());
    }

    @Override
    public int slowdownTables() {
        return strategy.l0Trigger() * 5;
    }

    @Override
    public int stopTables() {
        return strategy.l0Trigger() * 9;
    }

    @Override
    long strategyPendingBytes(Version v, long now) {
        long pending = 0;
        if (score(v, 0) >= 1.0) {
            pending += v.levelBytes(0) + v.levelBytes(1);
        }
        for (int level = 1; level < Version.NUM_LEVELS - 1; level++) {
            if (score(v, level) >= 1.0) {
                double excess = v.levelBytes(level) - targetBytes(level);
                pending += Math.max(1, (long) (excess * (1 + strategy.levelMultiplier())));
            }
        }
        if (pending == 0) {
            Compaction c = seekCompaction(v);
            pending = c == null ? 0 : c.inputBytes();
        }
        return pending;
    }

    @Override
    long outputFileSize() {
        return strategy.targetFileSize();
    }

    static byte[] min(byte[] a, byte[] b) {
        return a == null || InternalKey.compareUserKeys(b, a) < 0 ? b : a;
    }

    static byte[] max(byte[] a, byte[] b) {
        return a == null || InternalKey.compareUserKeys(b, a) > 0 ? b : a;
    }
}
