// One row of bench.json: a store's measurements for one workload. Immutable.
package dev.cairn.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one workload on one store.
 *
 * @param store store name
 * @param workload workload name
 * @param opsPerSec throughput, or null when the phase failed or is unsupported
 * @param p50Micros median latency in microseconds
 * @param p99Micros 99th percentile latency in microseconds
 * @param dbBytes bytes in the store's directory after the phase
 * @param ops operations measured
 * @param seconds wall time of the measured operations
 * @param workers measured workers
 * @param found gets that found a value, or entries read by scans and seeks
 * @param backgroundOps writes done by readwhilewriting's writer
 * @param retries operations retried after a known library race (iq80 LevelDB)
 * @param error why the phase has no numbers, or null
 * @param threads the run's {@code --threads} setting (one entry of a {@code --threads} list)
 * @param allocBytesPerOp heap bytes the measured workers allocated per operation (the
 *     harness's fresh key array included), or -1 when unknown or not measured (reopen)
 */
public record PhaseResult(String store, String workload, Double opsPerSec, double p50Micros, double p99Micros,
                          long dbBytes, long ops, double seconds, int workers, long found, long backgroundOps,
                          long retries, String error, int threads, double allocBytesPerOp) {

    /** @return a failed phase's result: no numbers, {@code error} says why */
    static PhaseResult failed(String store, String workload, long dbBytes, long retries, String error, int threads) {
        return new PhaseResult(store, workload, null, 0, 0, dbBytes, 0, 0, 0, 0, 0, retries, error, threads, -1);
    }

    /** @return the record as a field map for {@link Fields} */
    Map<String, Object> toFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", store);
        m.put("workload", workload);
        m.put("ops_per_sec", opsPerSec);
        m.put("p50_us", p50Micros);
        m.put("p99_us", p99Micros);
        m.put("db_bytes", dbBytes);
        m.put("ops", ops);
        m.put("seconds", seconds);
        m.put("workers", workers);
        m.put("found", found);
        m.put("background_ops", backgroundOps);
        m.put("retries", retries);
        m.put("error", error);
        m.put("threads", threads);
        m.put("alloc_bytes_per_op", allocBytesPerOp < 0 ? null : allocBytesPerOp);
        return m;
    }

    /**
     * @param f fields written by {@link #toFields()}
     * @return the record
     */
    static PhaseResult fromFields(Map<String, String> f) {
        return new PhaseResult(f.get("store"), f.get("workload"),
                f.containsKey("ops_per_sec") ? Double.valueOf(f.get("ops_per_sec")) : null,
                Double.parseDouble(f.getOrDefault("p50_us", "0")), Double.parseDouble(f.getOrDefault("p99_us", "0")),
                Long.parseLong(f.getOrDefault("db_bytes", "0")), Long.parseLong(f.getOrDefault("ops", "0")),
                Double.parseDouble(f.getOrDefault("seconds", "0")), Integer.parseInt(f.getOrDefault("workers", "0")),
                Long.parseLong(f.getOrDefault("found", "0")), Long.parseLong(f.getOrDefault("background_ops", "0")),
                Long.parseLong(f.getOrDefault("retries", "0")), f.get("error"),
                Integer.parseInt(f.getOrDefault("threads", "1")),
                f.containsKey("alloc_bytes_per_op") ? Double.parseDouble(f.get("alloc_bytes_per_op")) : -1);
    }

    /** @return the progress line printed when the phase ends */
    String progressLine() {
        if (opsPerSec == null) {
            return String.format(Locale.ROOT, "[%s] %-16s %s", store, workload, error);
        }
        if (workload.equals(Workload.REOPEN.id())) {
            return String.format(Locale.ROOT, "[%s] %-16s %10.1f ms  db %8.1f MB%s", store, workload, seconds * 1000,
                    dbBytes / 1e6, retries > 0 ? "  retries " + retries : "");
        }
        String extra = (retries > 0 ? "  retries " + retries : "") + (backgroundOps > 0 ? "  writer " + backgroundOps + " puts" : "");
        String alloc = allocBytesPerOp < 0 ? "         —" : String.format(Locale.ROOT, "%8.0f B", allocBytesPerOp);
        return String.format(Locale.ROOT, "[%s] %-16s %10d ops %9.3f s %12.1f k ops/s  p50 %8.2f us  p99 %9.2f us  alloc %s/op  db %8.1f MB%s",
                store, workload, ops, seconds, opsPerSec / 1000, p50Micros, p99Micros, alloc, dbBytes / 1e6, extra);
    }
}
