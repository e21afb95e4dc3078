// LevelDB's seek-triggered compaction for one version: how often each table may be read past
// before it is worth compacting. Thread-safe: its counters are atomic.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * LevelDB's seek-triggered compaction, for one {@link Version}: every table may be the first of
 * several tables a read has to look into only so often before it is worth merging it into the
 * level below. A table's allowance is {@code max(100, fileSize / 16 KiB)} such reads (LevelDB's
 * figure: one wasted lookup costs about as much as compacting 16 KiB). What is left of it carries
 * over to the next version (LevelDB keeps it on the file's metadata), so a table read through
 * while flushes keep making new versions still runs out. The table that has overspent its
 * allowance most, lowest level first, is the version's candidate; leveled compaction picks it once
 * nothing is over its size target. Thread-safe: counters are atomic (a charge racing with the next
 * version's copy may be lost, which only delays a compaction).
 *
 * <p>A charge has no branch of its own that only rare reads take. Its answer, "ask for
 * compaction work now", comes on every {@link #CHECK_EVERY}th charge of a table, the one that
 * spends its allowance included, so the reader's compiled code has seen both answers long before
 * a table first runs out (a branch never taken before would, when first taken, throw away the
 * compiled read path in the middle of a workload).
 */
public final class SeekBudget {
    /** Bytes of table one wasted lookup is worth compacting. */
    static final long BYTES_PER_SEEK = 16 * 1024;
    /** The smallest allowance, so that small tables are not compacted for a handful of reads. */
    static final int MIN_SEEKS = 100;
    /** A power of two: how many charges of a table apart {@link #charge} says "look now". */
    static final int CHECK_EVERY = 64;

    /** The table whose allowance ran out first, and its level. */
    public record Candidate(int level, FileMetadata table) {
    }

    private final List<List<FileMetadata>> levels;
    private final AtomicIntegerArray[] allowed;

    /**
     * @param levels the version's tables, level by level
     * @param previous the budget of the version this one replaces, or null
     */
    SeekBudget(List<List<FileMetadata>> levels, SeekBudget previous) {
        this.levels = levels;
        this.allowed = new AtomicIntegerArray[levels.size()];
        Map<Long, Integer> left = previous == null ? Map.of() : previous.remaining();
        for (int level = 0; level < levels.size(); level++) {
            List<FileMetadata> files = levels.get(level);
            allowed[level] = new AtomicIntegerArray(files.size());
            for (int i = 0; i < files.size(); i++) {
                FileMetadata f = files.get(i);
                allowed[level].set(i, left.getOrDefault(f.number(), allowance(f.fileSize())));
            }
        }
    }

    /** @return what is left of each table's allowance, by file number */
    private Map<Long, Integer> remaining() {
        Map<Long, Integer> out = new HashMap<>();
        for (int level = 0; level < levels.size(); level++) {
            List<FileMetadata> files = levels.get(level);
            for (int i = 0; i < files.size(); i++) {
                out.put(files.get(i).number(), allowed[level].get(i));
            }
        }
        return out;
    }

    /** @return how many wasted lookups a table of {@code fileSize} bytes is allowed */
    static int allowance(long fileSize) {
        return (int) Math.max(MIN_SEEKS, Math.min(Integer.MAX_VALUE, fileSize / BYTES_PER_SEEK));
    }

    /**
     * Records that a read looked into the {@code index}-th table of {@code level} first and then
     * had to look into another table as well.
     *
     * @return true on every {@link #CHECK_EVERY}th charge of the table, and on the one that spends
     *     its allowance: the caller should then ask for compaction work
     */
    public boolean charge(int level, int index) {
        return charge(level, index, 1);
    }

    /**
     * {@link #charge(int, int)} for {@code reads} such reads at once (a reader's batch).
     *
     * @return true when the allowance passed a multiple of {@link #CHECK_EVERY} (or 0, the one
     *     that spends it): the caller should then ask for compaction work
     */
    public boolean charge(int level, int index, int reads) {
        int after = allowed[level].addAndGet(index, -reads);
        return ((after + reads - 1) & -CHECK_EVERY) != ((after - 1) & -CHECK_EVERY);
    }

    /** @return the table that has overspent its allowance most, lowest level first, or null */
    public Candidate candidate() {
        Candidate best = null;
        int bestLeft = 1;
        for (int level = 0; level < levels.size() && best == null; level++) {
            AtomicIntegerArray counters = allowed[level];
            for (int i = 0; i < counters.length(); i++) {
                int left = counters.get(i);
                if (left < bestLeft) {
                    bestLeft = left;
                    best = new Candidate(level, levels.get(level).get(i));
                }
            }
        }
        return best;
    }
}
