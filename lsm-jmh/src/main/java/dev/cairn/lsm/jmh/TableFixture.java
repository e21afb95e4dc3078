// A real table file for the read-path benchmarks: written with the engine's TableBuilder (the
// default table options, 10 bloom bits per key), opened with TableReader over a block cache big
// enough to hold it, and every block read once so it is cached. Uses lsm-core internals
// (dev.cairn.lsm.internal.sstable, .key), which this module may reach on the class path. Not
// thread-safe to build; the reader it returns is thread-safe.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.Compression;
import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.sstable.TableBuilder;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.sstable.TableReader;
import java.io.IOException;
import java.nio.file.Files;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** A cached table of {@code count} keys in a temporary directory. */
public final class TableFixture implements AutoCloseable {
    private final java.nio.file.Path dir;
    private final TableReader reader;

    /**
     * @param count keys 0 to count - 1, each with a 100-byte value
     * @throws IOException when the temporary file cannot be written
     */
    public TableFixture(int count) throws IOException {
        dir = Files.createTempDirectory("lsm-jmh-table");
        Path path = Path.get(dir.resolve("000001.sst").toString(), false);
        try (FileHandle handle = FileSystem.SYSTEM.openReadWrite(path)) {
            TableBuilder builder = new TableBuilder(handle, new TableOptions(4096, TableOptions.DATA_RESTART_INTERVAL, 10,
                    Compression.NONE), System.currentTimeMillis(), "000001.sst");
            for (int i = 0; i < count; i++) {
                builder.add(InternalKey.encode(Keys.key(i), i + 1L, ValueKind.PUT), StoredValue.encode(0, Keys.value(i)));
            }
            builder.finish();
            builder.close();
        }
        reader = TableReader.open(FileSystem.SYSTEM, path, 1, new BlockCache(256L << 20));
        try (SliceIterator it = reader.newIterator(true)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                it.key();
            }
        }
    }

    /** @return the open table */
    public TableReader reader() {
        return reader;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        try (var files = Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
