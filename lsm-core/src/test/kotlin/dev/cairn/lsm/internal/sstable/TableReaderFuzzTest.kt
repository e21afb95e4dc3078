// Jazzer fuzz tests of TableReader on an arbitrary file: open, full iteration both ways, seeks
// and point reads raise CorruptionException or work, and nothing else (no index error, no large
// allocation from a forged size, no endless loop), and no file handle is left open. Also
// decodes every stored value. JUnit 5 (Jazzer runs on JUnit). Regression mode replays
// TableReaderFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes one method.
package dev.cairn.lsm.internal.sstable

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.Compression
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.iterator.InternalIterator
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

class TableReaderFuzzTest {
    private val fs = FakeFileSystem().apply { createDirectories(PATH.parent!!) }

    /** The file as it is: mostly exercises the footer and checksum gates. */
    @FuzzTest
    fun readsAnyTable(data: ByteArray) = readTable(data)

    /** The file with its footer and block checksums repaired: reaches the block decoders. */
    @FuzzTest
    fun readsResealedTable(data: ByteArray) = readTable(TableReseal.reseal(data))

    private fun readTable(image: ByteArray) {
        fs.write(PATH) { write(image) }
        try {
            val table = TableReader.open(fs, PATH, 9, BlockCache(1L shl 16, 1))
            table.use { exercise(it, image.size) }
        } catch (e: CorruptionException) {
            check(e.message!!.contains(PATH.toString())) { "message does not name the file: ${e.message}" }
        } finally {
            fs.delete(PATH)
            fs.checkNoOpenFiles()
        }
    }

    private fun exercise(table: TableReader, size: Int) {
        table.properties()
        table.rangeTombstones()
        // Every entry takes at least 3 bytes of some block in the file.
        val bound = size / 3 + 1
        val keys = ArrayList<ByteArray>()
        table.newIterator(true).use { it ->
            it.seekToFirst()
            while (it.isValid) {
                val key = it.key()
                if (keys.size < 64) keys += key
                decodeStoredValue(it.value())
                check(keys.size <= bound) { "more than $bound entries in a table of $size bytes" }
                it.next()
            }
            var backward = 0
            it.seekToLast()
            while (it.isValid) {
                it.key()
                check(++backward <= bound) { "more than $bound entries backward in a table of $size bytes" }
                it.prev()
            }
            for (k in keys.take(16) + listOf(InternalKey.seekKey(ByteArray(0), InternalKey.MAX_SEQUENCE))) {
                seekBothWays(it, k)
            }
        }
        val users = keys.map { InternalKey.userKey(it) } + listOf(ByteArray(0), "absent".encodeToByteArray())
        for (u in users.take(24)) {
            table.mayContain(u)
            val e = table.get(u, InternalKey.MAX_SEQUENCE, true)
            if (e != null) {
                check(InternalKey.userKey(e.internalKey()).contentEquals(u)) { "get returned another key" }
                decodeStoredValue(e.storedValue())
            }
            table.get(u, 1, false)
        }
    }

    private fun seekBothWays(it: InternalIterator, target: ByteArray) {
        it.seek(target)
        if (it.isValid) it.next()
        it.seekForPrev(target)
        if (it.isValid) it.prev()
    }

    private fun decodeStoredValue(v: ByteArray) {
        try {
            StoredValue.writeTime(v)
            StoredValue.userValue(v)
        } catch (e: CorruptionException) {
            // a damaged value is reported, as documented
        }
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        private val PATH = "/db/000009.sst".toPath()

        /** @return small, valid tables of several shapes, by name */
        fun sampleTables(): Map<String, ByteArray> {
            val random = Random(20261122)
            val tombstones = listOf(
                RangeTombstone("user/0000".encodeToByteArray(), "user/0003".encodeToByteArray(), 500),
                RangeTombstone("b".encodeToByteArray(), "c".encodeToByteArray(), 7),
            )
            return linkedMapOf(
                "small" to table(randomEntries(random, 5, 20), options()),
                "multi-block" to table(randomEntries(random, 30, 16), options(blockSize = 256, restart = 4)),
                "lz4" to table(
                    randomEntries(random, 20, 0).map { Entry(it.key, stored("abcabcabc".repeat(8))) },
                    options(Compression.LZ4, blockSize = 512),
                ),
                "no-bloom-tombstones" to table(randomEntries(random, 8, 10), options(bloom = 0), tombstones),
                "only-tombstones" to table(emptyList(), options(), tombstones),
                "empty" to table(emptyList(), options()),
            )
        }

        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val seeds = LinkedHashMap(sampleTables())
            val multi = seeds.getValue("multi-block")
            seeds["flipped-data"] = multi.copyOf().also { it[20] = (it[20].toInt() xor 8).toByte() }
            seeds["truncated"] = multi.copyOf(multi.size - 100)
            seeds["forged-handle"] = multi.copyOf().also { it[it.size - Footer.SIZE + 8] = 0x7F }
            seeds["short"] = multi.copyOf(40)
            // A table from before blocked bloom filters, so the flat filter reader stays fuzzed too.
            seeds["flat-bloom"] = TableReaderFuzzTest::class.java
                .getResourceAsStream("/dev/cairn/lsm/internal/sstable/old-format/flat-bloom-multi-block.sst")!!
                .use { it.readBytes() }
            return mapOf("readsAnyTable" to seeds, "readsResealedTable" to seeds)
        }

        private fun table(entries: List<Entry>, options: TableOptions, tombstones: List<RangeTombstone> = emptyList()): ByteArray {
            val fs = FakeFileSystem().apply { createDirectories(PATH.parent!!) }
            writeTable(fs, PATH, entries, options, tombstones)
            return fs.read(PATH) { readByteArray() }
        }
    }
}
