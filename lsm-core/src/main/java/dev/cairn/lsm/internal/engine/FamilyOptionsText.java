// The text form in which the manifest keeps a column family's options (docs/format.md, "Column
// families"): the values that are data, as `key=value` pairs joined by ';', the strategy's
// parameters joined by ','. Merge operators and compaction filters are code and are never written.
// Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.Compression;
import dev.cairn.lsm.CorruptionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes a family's persisted options. */
final class FamilyOptionsText {
    private FamilyOptionsText() {
    }

    /** @return the persisted form of the values {@code o} sets ("" when it sets none) */
    static String encode(ColumnFamilyOptions o) {
        List<String> parts = new ArrayList<>();
        if (o.memtableSizeBytes() != null) {
            parts.add("memtable=" + o.memtableSizeBytes());
        }
        if (o.bloomBitsPerKey() != null) {
            parts.add("bloom=" + o.bloomBitsPerKey());
        }
        if (o.blockSize() != null) {
            parts.add("block=" + o.blockSize());
        }
        if (o.compression() != null) {
            parts.add("compression=" + o.compression().name());
        }
        if (o.ttl() != null) {
            parts.add("ttl=" + o.ttl());
        }
        CompactionStrategy s = o.compaction();
        if (s != null) {
            parts.add("strategy=" + s.kind().name() + "," + s.bucketLow() + "," + s.bucketHigh() + "," + s.minThreshold()
                    + "," + s.maxThreshold() + "," + s.minSstableSize() + "," + s.l0Trigger() + "," + s.levelMultiplier()
                    + "," + s.targetFileSize() + "," + s.baseLevelSize() + "," + (s.window() == null ? "-" : s.window())
                    + "," + s.tombstoneRatio() + "," + s.tombstoneInterval());
        }
        return String.join(";", parts);
    }

    /**
     * @param text a persisted form ("" sets nothing)
     * @return the options it holds (no merge operator or compaction filter)
     * @throws CorruptionException if the text is not one {@link #encode} writes
     */
    static ColumnFamilyOptions decode(String text, String family) {
        ColumnFamilyOptions.Builder b = ColumnFamilyOptions.builder();
        if (text.isEmpty()) {
            return b.build();
        }
        try {
            for (String part : text.split(";")) {
                int eq = part.indexOf('=');
                String key = part.substring(0, eq);
                String value = part.substring(eq + 1);
                switch (key) {
                    case "memtable" -> b.memtableSizeBytes(Long.parseLong(value));
                    case "bloom" -> b.bloomBitsPerKey(Integer.parseInt(value));
                    case "block" -> b.blockSize(Integer.parseInt(value));
                    case "compression" -> b.compression(Compression.valueOf(value));
                    case "ttl" -> b.ttl(Duration.parse(value));
                    case "strategy" -> b.compaction(strategy(value.split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            }
        } catch (RuntimeException e) {
            throw new CorruptionException("the manifest's options of column family " + family + " are damaged ("
                    + text + "): " + e.getMessage() + " (offset 0)", e);
        }
        return b.build();
    }

    private static CompactionStrategy strategy(String[] f) {
        CompactionStrategy.Builder s = CompactionStrategy.builder(CompactionStrategy.Kind.valueOf(f[0]))
                .bucketLow(Double.parseDouble(f[1])).bucketHigh(Double.parseDouble(f[2]))
                .minThreshold(Integer.parseInt(f[3])).maxThreshold(Integer.parseInt(f[4]))
                .minSstableSize(Long.parseLong(f[5])).l0Trigger(Integer.parseInt(f[6]))
                .levelMultiplier(Integer.parseInt(f[7])).targetFileSize(Long.parseLong(f[8]))
                .baseLevelSize(Long.parseLong(f[9]));
        if (!f[10].equals("-")) {
            s.window(Duration.parse(f[10]));
        }
        return s.tombstoneRatio(Double.parseDouble(f[11])).tombstoneInterval(Duration.parse(f[12])).build();
    }
}
