// The desktop workload of lsm-bench (issue 25): a store as a desktop app uses it, every write
// durable. Each round opens a small store and reads one note, updates one settings object,
// fills every note (--notes, 2000 by default) in one batch, reads them all back decoded, and
// closes; the next round opens the same directory again. Reported: each step's best time over
// --rounds measured rounds (after --warmup unmeasured ones) and DataStore's time divided by the
// store's (above 1: faster than DataStore). Every round checks what it read. Stores run one after
// the other in this JVM, each in its own directory. Single-threaded.
//   java -cp lsm-bench.jar dev.cairn.bench.desktop.DesktopBench --stores cairn,cairn-kotlin,datastore
package dev.cairn.bench.desktop;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Entry point of the desktop workload; see {@link DesktopArgs#usage()}. */
public final class DesktopBench {
    /** The steps of a round, in order. */
    static final List<String> STEPS = List.of("open + read one note", "update settings", "fill notes, one batch",
            "read all notes", "close");

    private static final String ANCHOR = "datastore";

    private DesktopBench() {
    }

    /**
     * @param argv the command line
     * @throws Exception when the harness itself fails
     */
    public static void main(String[] argv) throws Exception {
        DesktopArgs a;
        try {
            a = DesktopArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (a.help) {
            System.out.println(DesktopArgs.usage());
            return;
        }
        run(a, System.out);
    }

    /**
     * Runs every store and prints the table.
     *
     * @param a the options
     * @param out where the table goes
     * @return per store (in --stores order), the best nanoseconds of each step, or null when it did not run
     * @throws Exception when the harness itself fails
     */
    static Map<String, long[]> run(DesktopArgs a, PrintStream out) throws Exception {
        Path root = a.dir != null ? Files.createDirectories(a.dir) : Files.createTempDirectory("cairn-desktop-bench");
        Map<String, long[]> best = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        for (String store : a.stores) {
            String unsupported = DesktopStores.unsupported(store);
            if (unsupported != null) {
                why.put(store, "unsupported: " + unsupported);
                best.put(store, null);
                continue;
            }
            Path dir = root.resolve(store);
            try {
                delete(dir);
                best.put(store, runStore(store, dir, a));
            } catch (Exception | LinkageError | AssertionError e) {
                why.put(store, "failed: " + e);
                best.put(store, null);
            }
            delete(dir);
        }
        if (a.dir == null) {
            delete(root);
        }
        print(a, best, why, out);
        return best;
    }

    /** Seeds the store, then runs the rounds; returns each step's best time. */
    private static long[] runStore(String store, Path dir, DesktopArgs a) throws Exception {
        String[] expected = notes(a.notes, -1);
        try (DesktopStore s = DesktopStores.create(store, dir)) {
            s.openAndRead(0);
            s.fill(expected);
        }
        long[] best = new long[STEPS.size()];
        Arrays.fill(best, Long.MAX_VALUE);
        long[] t = new long[STEPS.size() + 1];
        for (int r = 0; r < a.warmup + a.rounds; r++) {
            String[] fresh = notes(a.notes, r);
            int probe = a.notes / 2;
            DesktopStore s = DesktopStores.create(store, dir);
            t[0] = System.nanoTime();
            String one = s.openAndRead(probe);
            t[1] = System.nanoTime();
            s.updateSettings(r);
            t[2] = System.nanoTime();
            s.fill(fresh);
            t[3] = System.nanoTime();
            List<String> all = s.readAll();
            t[4] = System.nanoTime();
            s.close();
            t[5] = System.nanoTime();
            check(store, r, expected[probe].equals(one), "note " + probe + " read back as " + one);
            check(store, r, Arrays.asList(fresh).equals(all), "read all returned " + all.size() + " notes, not the "
                    + fresh.length + " written (or not in order)");
            expected = fresh;
            if (r >= a.warmup) {
                for (int i = 0; i < best.length; i++) {
                    best[i] = Math.min(best[i], t[i + 1] - t[i]);
                }
            }
        }
        return best;
    }

    private static void check(String store, int round, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(store + ", round " + round + ": " + what);
        }
    }

    /** The notes' texts of a round: about 100 characters each, distinct per round. */
    static String[] notes(int count, int round) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = String.format("Note %d, round %d: remember to water the plants, call back, and file the report.",
                    i, round);
        }
        return out;
    }

    private static void print(DesktopArgs a, Map<String, long[]> best, Map<String, String> why, PrintStream out) {
        long[] anchor = best.get(ANCHOR);
        out.println("# desktop: " + a.notes + " notes, every write durable (Cairn: syncWrites), best of "
                + a.rounds + " rounds after " + a.warmup + " warm-up, times in ms");
        for (Map.Entry<String, String> e : why.entrySet()) {
            out.println("# " + e.getKey() + ": " + e.getValue());
        }
        out.println();
        StringBuilder head = new StringBuilder("| step |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String store : best.keySet()) {
            head.append(' ').append(store).append(" |");
            rule.append("---:|");
        }
        for (String store : best.keySet()) {
            if (anchor != null && !store.equals(ANCHOR)) {
                head.append(' ').append(store).append(" ÷ ").append(ANCHOR).append(" |");
                rule.append("---:|");
            }
        }
        out.println(head);
        out.println(rule);
        for (int i = 0; i < STEPS.size(); i++) {
            StringBuilder row = new StringBuilder("| ").append(STEPS.get(i)).append(" |");
            for (long[] b : best.values()) {
                row.append(b == null ? " - |" : String.format(" %.3f |", b[i] / 1e6));
            }
            for (Map.Entry<String, long[]> e : best.entrySet()) {
                if (anchor != null && !e.getKey().equals(ANCHOR)) {
                    long[] b = e.getValue();
                    row.append(b == null ? " - |" : String.format(" %.2f× |", (double) anchor[i] / Math.max(1, b[i])));
                }
            }
            out.println(row);
        }
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
