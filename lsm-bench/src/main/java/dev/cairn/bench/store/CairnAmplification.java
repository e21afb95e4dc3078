// The --advice report of a Cairn store under test: flush, wait until background work has settled,
// then the measured write, read and space amplification and the store's compaction advice for its
// default family. Stateless; called once, at the end of a run.
package dev.cairn.bench.store;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreStats;
import java.util.Locale;
import java.util.stream.Collectors;

/** Measures a Cairn store's amplification and asks it for compaction advice. */
final class CairnAmplification {
    /** The longest the report waits for compaction to settle. */
    private static final long SETTLE_MILLIS = 120_000;
    /** The default family, by name (the handle the store accepts until column families land). */
    private static final ColumnFamily DEFAULT_FAMILY = () -> ColumnFamily.DEFAULT_NAME;

    private CairnAmplification() {
    }

    /**
     * @param db the store under test
     * @return a line of measured amplification (prefixed {@code measured:}), then the advice
     */
    static String report(LsmStore db) {
        db.flush();
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        StoreStats s = db.stats();
        // Settled: nothing to flush and nothing the picker would start (three looks in a row).
        for (int quiet = 0; quiet < 3 && System.currentTimeMillis() < deadline; ) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = db.stats();
            quiet = s.immutableMemtables() == 0 && s.pendingCompactionBytes() == 0 ? quiet + 1 : 0;
        }
        String shape = s.levels().stream().filter(l -> l.tableCount() > 0)
                .map(l -> "L" + l.level() + ": " + l.tableCount()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "measured: write amp %.2f, read amp %.2f, space amp %.2f (%d table bytes,"
                        + " %d live bytes estimated; %s)%n%s", s.writeAmplification(), s.readAmplification(),
                s.spaceAmplification(), s.tableBytes(), s.estimatedLiveBytes(), shape.isEmpty() ? "no tables" : shape,
                db.compactionAdvice(DEFAULT_FAMILY));
    }
}
