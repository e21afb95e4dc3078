// How a store is opened, built and checked through a builder. Immutable; thread-safe (the
// builder is not).
package dev.cairn.lsm;

import java.time.Clock;
import java.time.Duration;
import okio.FileSystem;

/**
 * How a store is opened. Immutable; build with {@link #builder()} or start from
 * {@link #defaults()}. Every setter checks its argument and says what was wrong.
 *
 * <pre>{@code
 * StoreOptions options = StoreOptions.builder()
 *     .memtableSizeBytes(8 << 20)
 *     .compaction(CompactionStrategy.sizeTiered())
 *     .syncWrites(true)
 *     .build();
 * }</pre>
 */
public final class StoreOptions {
    private final long memtableSizeBytes;
    private final CompactionStrategy compaction;
    private final boolean syncWrites;
    private final int blockSize;
    private final int bloomBitsPerKey;
    private final long blockCacheBytes;
    private final Compression compression;
    private final WalRecoveryMode walRecovery;
    private final int backgroundThreads;
    private final EventListener listener;
    private final FileSystem fileSystem;
    private final Duration ttl;
    private final Clock clock;
    private final BackgroundScheduler scheduler;
    private final Encryption encryption;
    private final Duration retainVersions;
    private final MergeOperator mergeOperator;
    private final CompactionFilter compactionFilter;
    private final int valueSeparationThreshold;

    private StoreOptions(Builder b) {
        memtableSizeBytes = b.memtableSizeBytes;
        compaction = b.compaction;
        syncWrites = b.syncWrites;
        blockSize = b.blockSize;
        bloomBitsPerKey = b.bloomBitsPerKey;
        blockCacheBytes = b.blockCacheBytes;
        compression = b.compression;
        walRecovery = b.walRecovery;
        backgroundThreads = b.backgroundThreads;
        listener = b.listener;
        fileSystem = b.fileSystem;
        ttl = b.ttl;
        clock = b.clock;
        scheduler = b.scheduler;
        encryption = b.encryption;
        retainVersions = b.retainVersions;
        mergeOperator = b.mergeOperator;
        compactionFilter = b.compactionFilter;
        valueSeparationThreshold = b.valueSeparationThreshold;
    }

    /** @return the defaults: 16 MiB memtable, leveled compaction, no sync, 4 KiB blocks, 10 bloom bits, 8 MiB cache */
    public static StoreOptions defaults() {
        return new Builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.memtableSizeBytes = memtableSizeBytes;
        b.compaction = compaction;
        b.syncWrites = syncWrites;
        b.blockSize = blockSize;
        b.bloomBitsPerKey = bloomBitsPerKey;
        b.blockCacheBytes = blockCacheBytes;
        b.compression = compression;
        b.walRecovery = walRecovery;
        b.backgroundThreads = backgroundThreads;
        b.listener = listener;
        b.fileSystem = fileSystem;
        b.ttl = ttl;
        b.clock = clock;
        b.retainVersions = retainVersions;
        b.scheduler = scheduler;
        b.encryption = encryption;
        b.mergeOperator = mergeOperator;
        b.compactionFilter = compactionFilter;
        b.valueSeparationThreshold = valueSeparationThreshold;
        return b;
    }

    /** @return bytes a memtable may hold before it is frozen and flushed */
    public long memtableSizeBytes() { return memtableSizeBytes; }

    /** @return the compaction strategy */
    public CompactionStrategy compaction() { return compaction; }

    /** @return whether writes fsync by default ({@link WriteOptions#defaults()}) */
    public boolean syncWrites() { return syncWrites; }

    /** @return the target size of a table data block, before compression */
    public int blockSize() { return blockSize; }

    /** @return bloom filter bits per key; 0 disables the filter */
    public int bloomBitsPerKey() { return bloomBitsPerKey; }

    /** @return the block cache capacity in bytes; 0 disables the cache */
    public long blockCacheBytes() { return blockCacheBytes; }

    /** @return the compression of table data blocks */
    public Compression compression() { return compression; }

    /** @return what recovery does with a damaged write-ahead log */
    public WalRecoveryMode walRecovery() { return walRecovery; }

    /** @return the number of threads (or concurrent jobs) for flush and compaction */
    public int backgroundThreads() { return backgroundThreads; }

    /** @return the event listener */
    public EventListener listener() { return listener; }

    /** @return the file system the store lives on */
    public FileSystem fileSystem() { return fileSystem; }

    /** @return the time to live of entries, or null when entries never expire */
    public Duration ttl() { return ttl; }

    /** @return the clock used for write times and TTL */
    public Clock clock() { return clock; }

    /** @return the background scheduler, or null for the built-in thread pool */
    public BackgroundScheduler scheduler() { return scheduler; }

    /** @return how the store's files are encrypted, or null when they are not */
    public Encryption encryption() { return encryption; }

    /**
     * @return how long every committed version is kept for {@link ReadOptions#asOf} reads and
     *     {@link LsmStore#history}, or null when only the newest versions (and what snapshots
     *     see) are kept
     */
    public Duration retainVersions() { return retainVersions; }

    /** @return the merge operator of the store's keyspace, or null when merges are not used */
    public MergeOperator mergeOperator() { return mergeOperator; }

    /** @return the compaction filter of the store's keyspace, or null for none */
    public CompactionFilter compactionFilter() { return compactionFilter; }

    /**
     * @return the size in bytes from which a value is kept in the value log instead of in the
     *     tables (see {@link Builder#valueSeparationThreshold}); 0 when values are never separated
     */
    public int valueSeparationThreshold() { return valueSeparationThreshold; }

    @Override
    public String toString() {
        return "StoreOptions(memtableSizeBytes=" + memtableSizeBytes + ", compaction=" + compaction
                + ", syncWrites=" + syncWrites + ", blockSize=" + blockSize + ", bloomBitsPerKey=" + bloomBitsPerKey
                + ", blockCacheBytes=" + blockCacheBytes + ", compression=" + compression + ", walRecovery="
                + walRecovery + ", backgroundThreads=" + backgroundThreads + ", ttl=" + ttl
                + (encryption == null ? "" : ", encryption=" + encryption)
                + (retainVersions == null ? "" : ", retainVersions=" + retainVersions)
                + (valueSeparationThreshold == 0 ? "" : ", valueSeparationThreshold=" + valueSeparationThreshold) + ")";
    }

    /** Builds {@link StoreOptions}. */
    public static final class Builder {
        private long memtableSizeBytes = 16L << 20;
        private CompactionStrategy compaction = CompactionStrategy.leveled();
        private boolean syncWrites;
        private int blockSize = 4096;
        private int bloomBitsPerKey = 10;
        private long blockCacheBytes = 8L << 20;
        private Compression compression = Compression.NONE;
        private WalRecoveryMode walRecovery = WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS;
        private int backgroundThreads = 2;
        private EventListener listener = EventListener.NONE;
        private FileSystem fileSystem = FileSystem.SYSTEM;
        private Duration ttl;
        private Clock clock = Clock.systemUTC();
        private BackgroundScheduler scheduler;
        private Encryption encryption;
        private Duration retainVersions;
        private MergeOperator mergeOperator;
        private CompactionFilter compactionFilter;
        private int valueSeparationThreshold;

        private Builder() {
        }

        /**
         * @param bytes memtable size, from 4 KiB to 1 GiB
         * @return this builder
         */
        public Builder memtableSizeBytes(long bytes) {
            require(bytes >= 4096 && bytes <= (1L << 30),
                    "memtableSizeBytes must be between 4096 and 1073741824, was " + bytes);
            memtableSizeBytes = bytes;
            return this;
        }

        /**
         * @param strategy the compaction strategy; not null
         * @return this builder
         */
        public Builder compaction(CompactionStrategy strategy) {
            require(strategy != null, "compaction must not be null");
            compaction = strategy;
            return this;
        }

        /**
         * @param sync whether writes fsync by default
         * @return this builder
         */
        public Builder syncWrites(boolean sync) {
            syncWrites = sync;
            return this;
        }

        /**
         * @param bytes data block size, from 256 bytes to 1 MiB
         * @return this builder
         */
        public Builder blockSize(int bytes) {
            require(bytes >= 256 && bytes <= (1 << 20), "blockSize must be between 256 and 1048576, was " + bytes);
            blockSize = bytes;
            return this;
        }

        /**
         * @param bits bloom bits per key, 0 (no filter) to 32
         * @return this builder
         */
        public Builder bloomBitsPerKey(int bits) {
            require(bits >= 0 && bits <= 32, "bloomBitsPerKey must be between 0 and 32, was " + bits);
            bloomBitsPerKey = bits;
            return this;
        }

        /**
         * @param bytes block cache capacity, 0 (no cache) or more
         * @return this builder
         */
        public Builder blockCacheBytes(long bytes) {
            require(bytes >= 0, "blockCacheBytes must not be negative, was " + bytes);
            blockCacheBytes = bytes;
            return this;
        }

        /**
         * @param value block compression; not null
         * @return this builder
         */
        public Builder compression(Compression value) {
            require(value != null, "compression must not be null");
            compression = value;
            return this;
        }

        /**
         * @param mode WAL recovery mode; not null
         * @return this builder
         */
        public Builder walRecovery(WalRecoveryMode mode) {
            require(mode != null, "walRecovery must not be null");
            walRecovery = mode;
            return this;
        }

        /**
         * @param threads background threads, 1 to 64
         * @return this builder
         */
        public Builder backgroundThreads(int threads) {
            require(threads >= 1 && threads <= 64, "backgroundThreads must be between 1 and 64, was " + threads);
            backgroundThreads = threads;
            return this;
        }

        /**
         * @param value the event listener; not null (use {@link EventListener#NONE})
         * @return this builder
         */
        public Builder listener(EventListener value) {
            require(value != null, "listener must not be null (use EventListener.NONE)");
            listener = value;
            return this;
        }

        /**
         * @param value the file system; not null (tests pass FakeFileSystem or a fault-injecting one)
         * @return this builder
         */
        public Builder fileSystem(FileSystem value) {
            require(value != null, "fileSystem must not be null");
            fileSystem = value;
            return this;
        }

        /**
         * @param value time to live of entries (positive), or null for none
         * @return this builder
         */
        public Builder ttl(Duration value) {
            require(value == null || (!value.isNegative() && !value.isZero()),
                    "ttl must be positive or null, was " + value);
            ttl = value;
            return this;
        }

        /**
         * @param value the clock for write times and TTL; not null
         * @return this builder
         */
        public Builder clock(Clock value) {
            require(value != null, "clock must not be null");
            clock = value;
            return this;
        }

        /**
         * @param value where background jobs run, or null for the built-in thread pool
         * @return this builder
         */
        public Builder scheduler(BackgroundScheduler value) {
            scheduler = value;
            return this;
        }

        /**
         * Encrypts every file that holds keys or values (tables, write-ahead logs, manifests) with
         * AES-GCM; see {@link Encryption}. A store keeps the setting it was created with: an
         * encrypted store opens only with its key, an unencrypted one only without a key.
         *
         * @param value the encryption, or null for none (the default)
         * @return this builder
         */
        public Builder encryption(Encryption value) {
            encryption = value;
            return this;
        }

        /**
         * @param value folds the operands of {@link LsmStore#merge(byte[], byte[])} (see
         *     {@link MergeOperators} for built-ins), or null for none: then merges are refused, and
         *     reading a key that holds operands throws. A store that holds operands must be opened
         *     with the same operator every time.
         * @return this builder
         */
        public Builder mergeOperator(MergeOperator value) {
            mergeOperator = value;
            return this;
        }

        /**
         * Keeps every version committed within {@code window} of the present: reads see the
         * store as it was at an instant inside it ({@code get(key, ReadOptions.asOf(instant))},
         * {@code newCursor(ReadOptions.asOf(instant))}) and {@link LsmStore#history} lists each
         * key's versions with their commit times. Compaction drops a version only once a newer
         * one was committed before the window began. Costs the space of the versions kept and
         * 16 bytes of memory (and manifest) per millisecond in which something committed inside
         * the window; without it (the default) nothing is kept and nothing is paid.
         *
         * @param window how far back reads may go (positive, at most 100 years), or null for none
         * @return this builder
         */
        public Builder retainVersions(Duration window) {
            require(window == null || (!window.isNegative() && !window.isZero()
                    && window.compareTo(Duration.ofDays(36_500)) <= 0),
                    "retainVersions must be a positive duration of at most 100 years, or null; was " + window);
            retainVersions = window;
            return this;
        }

        /**
         * @param value keeps, removes or changes values as compactions rewrite them, or null for none
         * @return this builder
         */
        public Builder compactionFilter(CompactionFilter value) {
            compactionFilter = value;
            return this;
        }

        /**
         * Keeps large values apart from the keys (WiscKey's key-value separation, RocksDB's
         * BlobDB): when a memtable is flushed, every value of at least {@code bytes} bytes is
         * appended to a blob file ({@code NNNNNN.blob}, each record checksummed with CRC32C) and
         * the table keeps a small pointer to it. Compactions then move pointers instead of
         * values, which cuts the write amplification of large values; a read of a separated value
         * costs one more file read. Compactions count the blob bytes no pointer reaches any more
         * (garbage); a blob file whose garbage ratio reaches one half has its live values rewritten
         * into a new blob file by the next compaction that reads pointers into it, and a blob file
         * that is all garbage is deleted (docs/format.md, "Blob files"). When the tree has nothing
         * else to do, background compaction rewrites the tables pointing into such a file one by
         * one (RocksDB's {@code blob_garbage_collection_force_threshold} at 0.5), so a store that
         * stopped writing is collected too; {@link LsmStore#compactRange compactRange(null, null)}
         * collects every such file at once. Tables a TTL drops whole and dropped column families
         * take their blob records with them; {@link StoreStats#blobBytesReclaimed()} counts the
         * bytes freed. The write-ahead log keeps
         * whole values. A value read from a damaged blob record throws a
         * {@link CorruptionException} naming the file, never a wrong value. Changing the threshold
         * between opens is safe: values already written stay where they are.
         *
         * @param bytes the smallest value kept apart, at least 1; 0 (the default) keeps every value in the tables
         * @return this builder
         */
        public Builder valueSeparationThreshold(int bytes) {
            require(bytes >= 0, "valueSeparationThreshold must be >= 0 (0 turns separation off), was " + bytes);
            valueSeparationThreshold = bytes;
            return this;
        }

        /** @return the options */
        public StoreOptions build() {
            return new StoreOptions(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
