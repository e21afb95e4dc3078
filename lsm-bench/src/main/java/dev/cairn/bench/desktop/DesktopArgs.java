// The desktop workload's command line: --stores LIST, --notes N, --rounds N, --warmup N,
// --dir PATH, --help. Bad values and unknown options are refused naming the option. Immutable.
package dev.cairn.bench.desktop;

import dev.cairn.bench.OptionScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parsed options of {@link DesktopBench}. */
final class DesktopArgs {
    List<String> stores = DesktopStores.ALL;
    int notes = 2000;
    int rounds = 3;
    int warmup = 1;
    Path dir;
    boolean help;

    private DesktopArgs() {
    }

    static String usage() {
        return String.join("\n",
                "java -cp lsm-bench.jar dev.cairn.bench.desktop.DesktopBench [options]",
                "  --stores LIST   comma-separated, from " + String.join(",", DesktopStores.ALL) + " (default: all)",
                "  --notes N       notes filled in one batch and read back (default 2000)",
                "  --rounds N      measured rounds, the best of them is reported (default 3)",
                "  --warmup N      unmeasured rounds before them (default 1)",
                "  --dir PATH      where the stores live (default: a temporary directory, deleted after)",
                "  --help          this text");
    }

    /**
     * @param argv the command line
     * @return the options
     * @throws IllegalArgumentException naming the option that was wrong
     */
    static DesktopArgs parse(String[] argv) {
        DesktopArgs a = new DesktopArgs();
        OptionScanner.scan(argv, Set.of("--help"), (opt, v) -> {
            switch (opt) {
                case "--help" -> a.help = true;
                case "--stores" -> a.stores = stores(v);
                case "--notes" -> a.notes = positive(opt, v, 1);
                case "--rounds" -> a.rounds = positive(opt, v, 1);
                case "--warmup" -> a.warmup = positive(opt, v, 0);
                case "--dir" -> a.dir = Path.of(v);
                default -> throw new IllegalArgumentException(opt + ": unknown option\n" + usage());
            }
        });
        return a;
    }

    private static List<String> stores(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!DesktopStores.ALL.contains(s.trim())) {
                throw new IllegalArgumentException("--stores: unknown store '" + s.trim() + "' (known: "
                        + String.join(",", DesktopStores.ALL) + ")");
            }
            out.add(s.trim());
        }
        return List.copyOf(out);
    }

    private static int positive(String opt, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(opt + ": expected an integer >= " + min + ", got '" + v + "'");
    }
}
