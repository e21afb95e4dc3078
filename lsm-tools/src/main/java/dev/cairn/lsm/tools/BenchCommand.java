// cairn bench: a quick fill/read/scan run on a scratch store, the harness's basic workloads
// (fillrandom, readrandom, scan) at a smaller size, reporting operations per second. The store
// lives in a temporary directory removed afterwards (or in --dir, which must not exist); with
// --key-file it is encrypted with that key, to see what encryption costs.
package dev.cairn.lsm.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures a scratch store. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Fill N random keys, read N random keys and scan them all on a scratch store; print ops/s.")
final class BenchCommand extends StoreCommand {
    @Option(names = "--num", paramLabel = "N", description = "Keys to write and read (default ${DEFAULT-VALUE}).")
    int num = 100_000;

    @Option(names = "--value-size", paramLabel = "BYTES", description = "Value size (default ${DEFAULT-VALUE}).")
    int valueSize = 100;

    @Option(names = "--batch", paramLabel = "N", description = "Puts per write batch while filling (default ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the store in DIR (must not exist) instead of a temporary directory.")
    Path keep;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    /** One workload's result. */
    private record Result(String name, long ops, long nanos, long bytes) {
        double opsPerSecond() {
            return ops * 1e9 / Math.max(1, nanos);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (num < 1 || valueSize < 0 || batch < 1) {
            throw ToolException.usage("--num and --batch must be at least 1 and --value-size at least 0");
        }
        if (keep != null && Files.exists(keep)) {
            throw ToolException.usage(keep + " exists: bench writes a new store (give a path that does not exist)");
        }
        Path dir = keep != null ? keep : Files.createTempDirectory("cairn-bench-");
        Result[] results;
        try (LsmStore db = LsmStore.open(dir, StoreOptions.builder().encryption(encryption()).build())) {
            results = new Result[] {fill(db), read(db), scan(db)};
        } finally {
            if (keep == null) {
                deleteTree(dir);
            }
        }
        if (json) {
            JsonArray a = new JsonArray();
            for (Result r : results) {
                JsonObject o = new JsonObject();
                o.addProperty("workload", r.name());
                o.addProperty("ops", r.ops());
                o.addProperty("seconds", r.nanos() / 1e9);
                o.addProperty("opsPerSecond", r.opsPerSecond());
                o.addProperty("megabytesPerSecond", r.bytes() / 1e6 / Math.max(1e-9, r.nanos() / 1e9));
                a.add(o);
            }
            printJson(a);
            return ExitCode.OK;
        }
        TextTable t = new TextTable("WORKLOAD", ">OPS", ">SECONDS", ">OPS/S", ">MB/S");
        for (Result r : results) {
            t.row(r.name(), r.ops(), String.format("%.2f", r.nanos() / 1e9), String.format("%,.0f", r.opsPerSecond()),
                    String.format("%.1f", r.bytes() / 1e6 / Math.max(1e-9, r.nanos() / 1e9)));
        }
        t.print(io().out());
        note(num + " keys of 16 bytes, values of " + valueSize + " bytes, seed " + seed
                + (keep != null ? ", store kept in " + keep : ""));
        return ExitCode.OK;
    }

    private byte[] key(long i) {
        return String.format("%016d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private Result fill(LsmStore db) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] value = new byte[valueSize];
        long start = System.nanoTime();
        try (Progress progress = progress("fillrandom", num, Progress.Unit.ENTRIES)) {
            WriteBatch b = new WriteBatch();
            for (int i = 0; i < num; i++) {
                random.nextBytes(value);
                b.put(key(random.nextInt(num)), value);
                if ((i + 1) % batch == 0 || i == num - 1) {
                    db.write(b, WriteOptions.noSync());
                    b = new WriteBatch();
                    progress.step(Math.min(batch, i + 1));
                }
            }
            db.flush();
        }
        return new Result("fillrandom", num, System.nanoTime() - start, (long) num * (16 + valueSize));
    }

    private Result read(LsmStore db) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        long start = System.nanoTime();
        long bytes = 0;
        try (Progress progress = progress("readrandom", num, Progress.Unit.ENTRIES)) {
            for (int i = 0; i < num; i++) {
                byte[] v = db.get(key(random.nextInt(num)));
                bytes += 16 + (v == null ? 0 : v.length);
                if ((i & 1023) == 1023) {
                    progress.step(1024);
                }
            }
        }
        return new Result("readrandom", num, System.nanoTime() - start, bytes);
    }

    private Result scan(LsmStore db) {
        long start = System.nanoTime();
        long n = 0;
        long bytes = 0;
        try (Cursor c = db.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                bytes += c.key().length + c.value().length;
                n++;
            }
        }
        return new Result("scan", n, System.nanoTime() - start, bytes);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
