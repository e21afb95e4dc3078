package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Leveled compaction (LevelDB/RocksDB): level 0 is compacted into level 1 when it holds
 * {@code l0Trigger} tables; level n (n >= 1) is compacted into n+1 when its size passes
 * {@code baseLevelSize * levelMultiplier^(n-1)}. The level with the highest score (size over
 * target) goes first. A level-n compaction takes one table, chosen round-robin by key, and every
 * table of level n+1 it overlaps; outputs are split at the target file size.
 */
public final class LeveledPicker implements CompactionPicker {
    private final CompactionStrategy strategy;
    private final byte[][] nextKey = new byte[Version.NUM_LEVELS][];

    /** @param strategy the leveled parameters */
    public LeveledPicker(CompactionStrategy strategy) {
        this.strategy = strategy;
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
    public Compaction pick(Version v, Set<Long> busy, long now) {
        int best = -1;
        double bestScore = 1.0;
        for (int level = 0; level < Version.NUM_LEVELS - 1; level++) {
            double s = score(v, level);
            if (s >= bestScore) {
                best = level;
                bestScore = s;
            }
        }
        if (best < 0) {
            return null;
        }
        List<FileMetadata> start = new ArrayList<>();
        if (best == 0) {
            start.addAll(v.files(0));
        } else {
            start.add(roundRobin(v, best));
        }
        Compaction c = expand(v, best, start, "leveled score " + String.format("%.2f", bestScore));
        for (FileMetadata f : c.inputs()) {
            if (busy.contains(f.number())) {
                return null;
            }
        }
        if (best > 0) {
            nextKey[best] = InternalKey.userKey(start.get(0).largest());
        }
        return c;
    }

    private FileMetadata roundRobin(Version v, int level) {
        List<FileMetadata> files = v.files(level);
        byte[] after = nextKey[level];
        if (after != null) {
            for (FileMetadata f : files) {
                if (InternalKey.compareUserKey(f.smallest(), after) > 0) {
                    return f;
                }
            }
        }
        return files.get(0);
    }

    /** Adds the overlapping tables of {@code level + 1} (and of level 0 when starting there). */
    private Compaction expand(Version v, int level, List<FileMetadata> start, String reason) {
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
        }
        return new Compaction(inputs, levels, out, strategy.targetFileSize(), reason, List.of());
    }

    @Override
    public Compaction manual(Version v, byte[] from, byte[] to) {
        byte[] lo = from;
        byte[] hi = to;
        List<FileMetadata> inputs = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int level = 0; level < Version.NUM_LEVELS; level++) {
                for (FileMetadata f : v.overlapping(level, lo, hi)) {
                    if (!inputs.contains(f)) {
                        inputs.add(f);
                        levels.add(level);
                        if (lo != null) {
                            lo = min(lo, InternalKey.userKey(f.smallest()));
                        }
                        if (hi != null) {
                            hi = max(hi, InternalKey.userKey(f.largest()));
                        }
                        grew = true;
                    }
                }
            }
        }
        if (inputs.isEmpty()) {
            return null;
        }
        int out = Math.max(1, v.deepestLevel());
        return new Compaction(inputs, levels, out, strategy.targetFileSize(), "manual", List.of());
    }

    @Override
    public int slowdownTables() {
        return Math.max(20, strategy.l0Trigger() * 5);
    }

    @Override
    public int stopTables() {
        return Math.max(36, strategy.l0Trigger() * 9);
    }

    @Override
    public long pendingBytes(Version v) {
        long pending = v.files(0).size() >= strategy.l0Trigger() ? v.levelBytes(0) + v.levelBytes(1) : 0;
        for (int level = 1; level < Version.NUM_LEVELS - 1; level++) {
            double excess = v.levelBytes(level) - targetBytes(level);
            if (excess > 0) {
                pending += (long) (excess * (1 + strategy.levelMultiplier()));
            }
        }
        return pending;
    }

    static byte[] min(byte[] a, byte[] b) {
        return a == null || InternalKey.compareUserKeys(b, a) < 0 ? b : a;
    }

    static byte[] max(byte[] a, byte[] b) {
        return a == null || InternalKey.compareUserKeys(b, a) > 0 ? b : a;
    }
}
