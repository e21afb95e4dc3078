package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;

/** Maps a public {@link CompactionStrategy} to the picker that implements it. */
public final class Pickers {
    private Pickers() {
    }

    /**
     * @param strategy the configured strategy
     * @return its picker
     */
    public static CompactionPicker forStrategy(CompactionStrategy strategy) {
        switch (strategy.kind()) {
            case LEVELED:
            default:
                return new LeveledPicker(strategy);
        }
    }
}
