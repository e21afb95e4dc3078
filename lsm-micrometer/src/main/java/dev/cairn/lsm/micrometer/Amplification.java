package dev.cairn.lsm.micrometer;

import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.StoreStats;

/**
 * The amplification figures {@link StoreStats} does not carry, derived from its level sizes.
 * Read amplification is the number of sorted runs a point read may have to look in: each level-0
 * table, plus each deeper level that holds a table, plus the memtables (as Pebble counts it).
 * Space amplification is the bytes of all tables over the bytes of the largest level, which holds
 * (nearly) one version of every key once compaction has caught up. Stateless.
 */
final class Amplification {
    private Amplification() {
    }

    /**
     * @param stats a store's statistics
     * @return the sorted runs a point read may consult; at least 1 (the active memtable)
     */
    static double read(StoreStats stats) {
        int runs = 1 + stats.immutableMemtables();
        for (LevelStats level : stats.levels()) {
            runs += level.level() == 0 ? level.tableCount() : (level.tableCount() > 0 ? 1 : 0);
        }
        return runs;
    }

    /**
     * @param stats a store's statistics
     * @return table bytes over the largest level's bytes; 0 for a store without tables
     */
    static double space(StoreStats stats) {
        long largest = 0;
        for (LevelStats level : stats.levels()) {
            largest = Math.max(largest, level.bytes());
        }
        return largest == 0 ? 0.0 : (double) stats.tableBytes() / largest;
    }
}
