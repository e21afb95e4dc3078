// What a change of a column family's compaction strategy does to the tables it has, in words the
// event listener hears (onStrategyChanged). No table is rewritten by the change itself: every
// picker works from the version as it is. Stateless.
package dev.cairn.lsm.internal.engine;

/** Describes the migration a strategy change runs. */
final class StrategyMigration {
    private StrategyMigration() {
    }

    /**
     * @param from the old strategy's kind
     * @param to the new strategy's kind
     * @return what the change does to the family's tables
     */
    static String describe(String from, String to) {
        if (from.equals(to)) {
            return "none: the same strategy with new parameters picks from the tree as it is";
        }
        return switch (to) {
            case "LEVELED" -> "none up front: leveled takes the tree as it is; level 0 and every level over its"
                    + " target size compact down as leveled scores them, so the tree settles into levels"
                    + " with the writes that follow (compactRange settles it at once)";
            case "SIZE_TIERED" -> "none up front: size-tiered groups the existing tables into tiers by size and"
                    + " merges similar-sized ones as they reach the threshold";
            default -> "none up front: time-window groups the existing tables by their newest write and"
                    + " merges the tables of each window as it closes";
        };
    }
}
