// The tables of one level (or tier) in a StoreStats. Immutable.
package dev.cairn.lsm;

/**
 * The tables of one level (or, for size-tiered and time-window stores, of one tier).
 *
 * @param level the level number, 0 for the newest tables
 * @param tableCount how many tables the level holds
 * @param bytes their total size on disk
 */
public record LevelStats(int level, int tableCount, long bytes) {
}
