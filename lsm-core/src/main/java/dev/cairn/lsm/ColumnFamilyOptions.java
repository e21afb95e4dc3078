// The tunables of one column family: anything left unset falls back to the store's StoreOptions
// value. Immutable and thread-safe; built with a Builder, which checks each value as it is set.
package dev.cairn.lsm;

import java.time.Duration;

/**
 * Options of one {@link ColumnFamily}: memtable size, compaction strategy, bloom bits, block size,
 * compression, TTL, merge operator and compaction filter. A value left unset is the store's (its
 * {@link StoreOptions}). Passed to {@code LsmStore.createColumnFamily} and
 * {@code LsmStore.setOptions}.
 *
 * <p>The manifest keeps the values that are data (strategy and its parameters, TTL, memtable size,
 * bloom bits, block size, compression), so a reopened store's families keep them. The merge
 * operator and the compaction filter are code and are not persisted: after reopening a store, set
 * them again with {@code setOptions(family, ...)} before writing merges to that family (a family
 * reopened without its operator refuses merges and fails reads of keys holding operands).
 */
public final class ColumnFamilyOptions {
    private static final ColumnFamilyOptions DEFAULTS = new Builder().build();

    private final Long memtableSizeBytes;
    private final CompactionStrategy compaction;
    private final Integer bloomBitsPerKey;
    private final Integer blockSize;
    private final Compression compression;
    private final Duration ttl;
    private final MergeOperator mergeOperator;
    private final CompactionFilter compactionFilter;

    private ColumnFamilyOptions(Builder b) {
        memtableSizeBytes = b.memtableSizeBytes;
        compaction = b.compaction;
        bloomBitsPerKey = b.bloomBitsPerKey;
        blockSize = b.blockSize;
        compression = b.compression;
        ttl = b.ttl;
        mergeOperator = b.mergeOperator;
        compactionFilter = b.compactionFilter;
    }

    /** @return options that set nothing: the family takes every value from the store's options */
    public static ColumnFamilyOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options' values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.memtableSizeBytes = memtableSizeBytes;
        b.compaction = compaction;
        b.bloomBitsPerKey = bloomBitsPerKey;
        b.blockSize = blockSize;
        b.compression = compression;
        b.ttl = ttl;
        b.mergeOperator = mergeOperator;
        b.compactionFilter = compactionFilter;
        return b;
    }

    /** @return the memtable size in bytes, or null when the store's applies */
    public Long memtableSizeBytes() { return memtableSizeBytes; }

    /** @return the compaction strategy, or null when the store's applies */
    public CompactionStrategy compaction() { return compaction; }

    /** @return bloom bits per key, or null when the store's applies */
    public Integer bloomBitsPerKey() { return bloomBitsPerKey; }

    /** @return the data block size, or null when the store's applies */
    public Integer blockSize() { return blockSize; }

    /** @return the compression, or null when the store's applies */
    public Compression compression() { return compression; }

    /** @return the TTL, or null when the store's applies */
    public Duration ttl() { return ttl; }

    /** @return the merge operator, or null when the store's applies */
    public MergeOperator mergeOperator() { return mergeOperator; }

    /** @return the compaction filter, or null when the store's applies */
    public CompactionFilter compactionFilter() { return compactionFilter; }

    /**
     * @param store the store's options
     * @return {@code store} with every value these options set put in its place: the options the
     *     family runs with
     */
    public StoreOptions appliedTo(StoreOptions store) {
        StoreOptions.Builder b = store.toBuilder();
        if (memtableSizeBytes != null) {
            b.memtableSizeBytes(memtableSizeBytes);
        }
        if (compaction != null) {
            b.compaction(compaction);
        }
        if (bloomBitsPerKey != null) {
            b.bloomBitsPerKey(bloomBitsPerKey);
        }
        if (blockSize != null) {
            b.blockSize(blockSize);
        }
        if (compression != null) {
            b.compression(compression);
        }
        if (ttl != null) {
            b.ttl(ttl);
        }
        if (mergeOperator != null) {
            b.mergeOperator(mergeOperator);
        }
        if (compactionFilter != null) {
            b.compactionFilter(compactionFilter);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "ColumnFamilyOptions{memtableSizeBytes=" + memtableSizeBytes + ", compaction=" + compaction
                + ", bloomBitsPerKey=" + bloomBitsPerKey + ", blockSize=" + blockSize + ", compression=" + compression
                + ", ttl=" + ttl + ", mergeOperator=" + mergeOperator + ", compactionFilter=" + compactionFilter + "}";
    }

    /** Builds {@link ColumnFamilyOptions}; each setter checks its value as {@link StoreOptions.Builder} does. */
    public static final class Builder {
        private Long memtableSizeBytes;
        private CompactionStrategy compaction;
        private Integer bloomBitsPerKey;
        private Integer blockSize;
        private Compression compression;
        private Duration ttl;
        private MergeOperator mergeOperator;
        private CompactionFilter compactionFilter;

        private Builder() {
        }

        /**
         * @param bytes the family's memtable size (as {@link StoreOptions.Builder#memtableSizeBytes})
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder memtableSizeBytes(long bytes) {
            StoreOptions.builder().memtableSizeBytes(bytes);
            memtableSizeBytes = bytes;
            return this;
        }

        /**
         * @param strategy the family's compaction strategy; not null
         * @return this builder
         */
        public Builder compaction(CompactionStrategy strategy) {
            StoreOptions.builder().compaction(strategy);
            compaction = strategy;
            return this;
        }

        /**
         * @param bits bloom bits per key, 0 (no filter) to 32
         * @return this builder
         */
        public Builder bloomBitsPerKey(int bits) {
            StoreOptions.builder().bloomBitsPerKey(bits);
            bloomBitsPerKey = bits;
            return this;
        }

        /**
         * @param bytes data block size, from 256 bytes to 1 MiB
         * @return this builder
         */
        public Builder blockSize(int bytes) {
            StoreOptions.builder().blockSize(bytes);
            blockSize = bytes;
            return this;
        }

        /**
         * @param value block compression; not null
         * @return this builder
         */
        public Builder compression(Compression value) {
            StoreOptions.builder().compression(value);
            compression = value;
            return this;
        }

        /**
         * @param value how long the family's entries live (positive); entries older read as deleted
         * @return this builder
         */
        public Builder ttl(Duration value) {
            if (value == null) {
                throw new IllegalArgumentException("ttl must not be null (leave it unset for the store's)");
            }
            StoreOptions.builder().ttl(value);
            ttl = value;
            return this;
        }

        /**
         * @param value the family's merge operator; not null (not persisted: set it again after reopening)
         * @return this builder
         */
        public Builder mergeOperator(MergeOperator value) {
            if (value == null) {
                throw new IllegalArgumentException("mergeOperator must not be null");
            }
            mergeOperator = value;
            return this;
        }

        /**
         * @param value the family's compaction filter; not null (not persisted: set it again after reopening)
         * @return this builder
         */
        public Builder compactionFilter(CompactionFilter value) {
            if (value == null) {
                throw new IllegalArgumentException("compactionFilter must not be null");
            }
            compactionFilter = value;
            return this;
        }

        /** @return the options */
        public ColumnFamilyOptions build() {
            return new ColumnFamilyOptions(this);
        }
    }
}
