// Inspects one table file through TableLayout: footer, index, filter, properties and range
// tombstones always; with verify, every data block's checksum, decoding and key order, and the
// index's promises (each block ends at or before its separator, blocks ascend). Reports damage
// as Problems instead of stopping at the first. An encrypted table needs the store's key (without
// it, or with another, an LsmException says so). Stateless; safe from any thread.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.sstable.BlockHandle;
import dev.cairn.lsm.internal.sstable.TableLayout;
import dev.cairn.lsm.internal.sstable.TableProperties;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import okio.FileSystem;
import okio.Path;

/** Reads a table file for inspection. */
public final class TableInspector {
    private TableInspector() {
    }

    /**
     * Inspects {@code path}.
     *
     * @param fs the file system
     * @param path the table file
     * @param verify whether to read and check every data block
     * @param bytesChecked told how many more bytes were checked, as blocks are (may be null)
     * @return the report; damage is in {@link TableReport#problems()}
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static TableReport inspect(FileSystem fs, Path path, boolean verify, LongConsumer bytesChecked) {
        return inspectWith(fs, path, verify, bytesChecked, null);
    }

    /**
     * As {@link #inspect(FileSystem, Path, boolean, LongConsumer)} for a table of a store encrypted
     * with {@code encryption} (null: not encrypted).
     *
     * @throws dev.cairn.lsm.LsmException if the table is encrypted and there is no key, or another key
     */
    public static TableReport inspect(FileSystem fs, Path path, boolean verify, LongConsumer bytesChecked,
                                      Encryption encryption) {
        return inspectWith(fs, path, verify, bytesChecked, StoreCipher.of(encryption, String.valueOf(path.parent())));
    }

    /** As {@link #inspect(FileSystem, Path, boolean, LongConsumer, Encryption)} with the store's cipher. */
    static TableReport inspectWith(FileSystem fs, Path path, boolean verify, LongConsumer bytesChecked,
                                   StoreCipher cipher) {
        String name = path.name();
        List<Problem> problems = new ArrayList<>();
        TableLayout layout;
        try {
            layout = TableLayout.open(fs, path, cipher);
        } catch (CorruptionException e) {
            problems.add(Problem.corruption(name, -1, e.getMessage()));
            long size = sizeOrZero(fs, path);
            report(bytesChecked, size);
            return new TableReport(name, size, null, null, null, null, null, null, List.of(), List.of(), verify,
                    problems);
        }
        try (layout) {
            TableReport.Properties props = properties(layout, name, problems);
            TableReport.Filter filter = filter(layout, name, problems);
            List<TableReport.RangeTombstoneView> tombstones = tombstones(layout, name, problems);
            List<TableReport.DataBlock> blocks = new ArrayList<>();
            long smallBlocks = layout.fileSize();
            byte[] previousSeparator = null;
            byte[] previousLast = null;
            for (TableLayout.IndexEntry e : layout.dataBlocks()) {
                BlockHandle h = e.handle();
                if (previousSeparator != null && InternalKey.compare(previousSeparator, e.separator()) >= 0) {
                    problems.add(Problem.corruption(name, h.offset(), "index separators do not ascend at the block at offset "
                            + h.offset()));
                }
                previousSeparator = e.separator();
                if (!verify) {
                    blocks.add(new TableReport.DataBlock(h.offset(), h.size(), KeyView.of(e.separator()), "?", -1,
                            null, null, null));
                    continue;
                }
                TableLayout.BlockCheck c = layout.check(h, true);
                String problem = c.problem();
                if (problem == null && c.lastKey() != null && InternalKey.compare(c.lastKey(), e.separator()) > 0) {
                    problem = "last key " + InternalKey.describe(c.lastKey()) + " sorts after the index separator "
                            + InternalKey.describe(e.separator());
                }
                if (problem == null && previousLast != null && c.firstKey() != null
                        && InternalKey.compare(previousLast, c.firstKey()) >= 0) {
                    problem = "first key " + InternalKey.describe(c.firstKey()) + " does not sort after the previous"
                            + " block's last key";
                }
                if (problem != null) {
                    problems.add(Problem.corruption(name, h.offset(), problem));
                }
                previousLast = c.lastKey() != null ? c.lastKey() : previousLast;
                blocks.add(new TableReport.DataBlock(h.offset(), h.size(), KeyView.of(e.separator()),
                        compression(c.compression()), c.entries(), KeyView.ofNullable(c.firstKey()),
                        KeyView.ofNullable(c.lastKey()), problem));
                smallBlocks -= (h.end() - h.offset());
                report(bytesChecked, (h.end() - h.offset()));
            }
            if (verify && props != null && problems.isEmpty()) {
                long counted = blocks.stream().mapToLong(TableReport.DataBlock::entries).sum();
                if (counted != props.entries()) {
                    problems.add(Problem.corruption(name, layout.propertiesHandle().offset(), "properties count "
                            + props.entries() + " entries but the data blocks hold " + counted));
                }
            }
            report(bytesChecked, verify ? smallBlocks : layout.fileSize());
            return new TableReport(name, layout.fileSize(), props, ref(layout.indexHandle()),
                    layout.filterHandle() == BlockHandle.NONE ? null : ref(layout.filterHandle()),
                    ref(layout.propertiesHandle()), ref(layout.rangeTombstonesHandle()), filter, blocks, tombstones,
                    verify, problems);
        }
    }

    private static TableReport.Properties properties(TableLayout layout, String name, List<Problem> problems) {
        try {
            TableProperties p = layout.properties();
            return new TableReport.Properties(p.entryCount(), p.pointTombstones(), p.rangeTombstones(),
                    KeyView.ofNullable(p.smallestKey()), KeyView.ofNullable(p.largestKey()), p.minSequence(),
                    p.maxSequence(), p.minWriteTime(), p.maxWriteTime(), p.creationTime(), p.rawKeyBytes(),
                    p.rawValueBytes());
        } catch (CorruptionException e) {
            problems.add(Problem.corruption(name, layout.propertiesHandle().offset(), e.getMessage()));
            return null;
        }
    }

    private static TableReport.Filter filter(TableLayout layout, String name, List<Problem> problems) {
        try {
            TableLayout.FilterShape f = layout.filter();
            return f == null ? null : new TableReport.Filter(f.blocked() ? "blocked" : "flat", f.probes(), f.bits());
        } catch (CorruptionException e) {
            problems.add(Problem.corruption(name, layout.filterHandle().offset(), e.getMessage()));
            return null;
        }
    }

    private static List<TableReport.RangeTombstoneView> tombstones(TableLayout layout, String name,
                                                                   List<Problem> problems) {
        try {
            List<TableReport.RangeTombstoneView> out = new ArrayList<>();
            for (RangeTombstone t : layout.rangeTombstones()) {
                out.add(new TableReport.RangeTombstoneView(t.start(), t.end(), t.sequence()));
            }
            return out;
        } catch (CorruptionException e) {
            problems.add(Problem.corruption(name, layout.rangeTombstonesHandle().offset(), e.getMessage()));
            return List.of();
        }
    }

    private static String compression(int type) {
        return switch (type) {
            case 0 -> "none";
            case 1 -> "lz4";
            default -> "?";
        };
    }

    private static TableReport.BlockRef ref(BlockHandle h) {
        return new TableReport.BlockRef(h.offset(), h.size());
    }

    private static long sizeOrZero(FileSystem fs, Path path) {
        try {
            okio.FileMetadata md = fs.metadataOrNull(path);
            return md == null || md.getSize() == null ? 0 : md.getSize();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void report(LongConsumer bytesChecked, long bytes) {
        if (bytesChecked != null && bytes > 0) {
            bytesChecked.accept(bytes);
        }
    }
}
