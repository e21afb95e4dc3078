// The command line of the txn workload (TxnBench). Parsed once, then read-only.
package dev.cairn.bench.txn;

import dev.cairn.bench.OptionScanner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Options of {@link TxnBench}. */
final class TxnArgs {
    List<String> stores = List.of("cairn", "cairn-kotlin", "rocksdb", "leveldb", "mvstore", "lmdb");
    int num = 1_000_000;
    long ops = -1;
    List<Integer> threads = List.of(1, 8, 64);
    int hot = 16;
    long seed = 1;
    long cacheMb = 64;
    int bloomBits = 10;
    Path dir;
    boolean help;

    /**
     * @param argv the command line
     * @return the options
     * @throws IllegalArgumentException naming the bad option
     */
    static TxnArgs parse(String[] argv) {
        TxnArgs a = new TxnArgs();
        OptionScanner.scan(argv, Set.of("--help", "-h"), (name, value) -> {
            if (value == null) {
                a.help = true;
                return;
            }
            try {
                switch (name) {
                    case "--stores" -> a.stores = OptionScanner.list(value);
                    case "--num" -> a.num = (int) positive(name, Long.parseLong(value), Integer.MAX_VALUE);
                    case "--ops" -> a.ops = positive(name, Long.parseLong(value), Long.MAX_VALUE);
                    case "--threads" -> a.threads = Arrays.stream(value.split(","))
                            .map(t -> (int) positive(name, Long.parseLong(t.trim()), 4096)).toList();
                    case "--hot" -> a.hot = (int) positive(name, Long.parseLong(value), Integer.MAX_VALUE);
                    case "--seed" -> a.seed = Long.parseLong(value);
                    case "--cache-mb" -> a.cacheMb = positive(name, Long.parseLong(value), 1 << 20);
                    case "--bloom-bits" -> a.bloomBits = (int) Long.parseLong(value);
                    case "--dir" -> a.dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, was '" + value + "'");
            }
        });
        if (a.hot < 2 || a.num < 2) {
            throw new IllegalArgumentException("--num and --hot must be at least 2 (a transfer needs two keys)");
        }
        if (a.ops < 0) {
            a.ops = Math.max(1_000, a.num / 10);
        }
        return a;
    }

    private static long positive(String name, long v, long max) {
        if (v < 1 || v > max) {
            throw new IllegalArgumentException(name + " must be between 1 and " + max + ", was " + v);
        }
        return v;
    }

    /** @return the help text */
    static String usage() {
        return String.join("\n",
                "usage: java -cp lsm-bench.jar dev.cairn.bench.txn.TxnBench [options]",
                "  --stores LIST     stores (default: all; only cairn, cairn-kotlin, rocksdb have transactions here,",
                "                    the others print unsupported)",
                "  --num N           key space of the low-contention cases (default 1000000)",
                "  --hot N           hot keys of the high-contention cases (default 16)",
                "  --ops N           transfers (or batches) per case, over all writers (default num/10, at least 1000)",
                "  --threads LIST    concurrent writers, one case each (default 1,8,64)",
                "  --seed N          key choice seed (default 1)",
                "  --cache-mb N      block cache per store (default 64)",
                "  --bloom-bits N    bloom bits per key (default 10)",
                "  --dir PATH        scratch directory (default: a temporary one, deleted)");
    }
}
