// Size-tiered bucketing of tables (Cassandra's STCS) and the most interesting ready bucket.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Size-tiered bucketing (Cassandra's STCS). Tables are taken smallest first; a table joins the
 * first bucket whose average size {@code avg} satisfies {@code avg * bucketLow < size <
 * avg * bucketHigh}, or, when both it and the bucket's average are under {@code minSstableSize},
 * the shared small bucket; otherwise it starts a bucket. A bucket with at least
 * {@code minThreshold} tables is ready; the most interesting ready bucket is the one with the most
 * tables (ties: the smaller average, cheaper to merge), trimmed to its {@code maxThreshold}
 * smallest tables. Without read statistics, "most tables" stands in for Cassandra's hotness: it is
 * the bucket whose merge removes the most tables from every read. Stateless; thread-safe.
 */
final class SizeBuckets {
    private SizeBuckets() {
    }

    /** Buckets {@code tables} by size. */
    static List<List<FileMetadata>> of(List<FileMetadata> tables, CompactionStrategy s) {
        List<FileMetadata> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparingLong(FileMetadata::fileSize).thenComparingLong(FileMetadata::number));
        List<List<FileMetadata>> buckets = new ArrayList<>();
        List<Double> averages = new ArrayList<>();
        for (FileMetadata f : sorted) {
            long size = f.fileSize();
            boolean placed = false;
            for (int i = 0; i < buckets.size() && !placed; i++) {
                double avg = averages.get(i);
                boolean similar = size > avg * s.bucketLow() && size < avg * s.bucketHigh();
                boolean small = size < s.minSstableSize() && avg < s.minSstableSize();
                if (similar || small) {
                    List<FileMetadata> b = buckets.get(i);
                    averages.set(i, (avg * b.size() + size) / (b.size() + 1));
                    b.add(f);
                    placed = true;
                }
            }
            if (!placed) {
                List<FileMetadata> b = new ArrayList<>();
                b.add(f);
                buckets.add(b);
                averages.add((double) size);
            }
        }
        return buckets;
    }

    /** @return the ready buckets, each trimmed to {@code maxThreshold} smallest tables */
    static List<List<FileMetadata>> ready(List<FileMetadata> tables, CompactionStrategy s) {
        List<List<FileMetadata>> out = new ArrayList<>();
        for (List<FileMetadata> b : of(tables, s)) {
            if (b.size() >= s.minThreshold()) {
                out.add(b.size() > s.maxThreshold() ? new ArrayList<>(b.subList(0, s.maxThreshold())) : b);
            }
        }
        return out;
    }

    /** @return the most interesting ready bucket, or null */
    static List<FileMetadata> best(List<FileMetadata> tables, CompactionStrategy s) {
        List<FileMetadata> best = null;
        for (List<FileMetadata> b : ready(tables, s)) {
            if (best == null || b.size() > best.size()
                    || b.size() == best.size() && Compaction.totalBytes(b) < Compaction.totalBytes(best)) {
                best = b;
            }
        }
        return best;
    }

    /** @return bytes of every ready bucket */
    static long pendingBytes(List<FileMetadata> tables, CompactionStrategy s) {
        long n = 0;
        for (List<FileMetadata> b : ready(tables, s)) {
            n += Compaction.totalBytes(b);
        }
        return n;
    }
}
