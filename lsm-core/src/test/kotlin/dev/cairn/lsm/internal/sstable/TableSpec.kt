// Specifies whole tables on FakeFileSystem: round trip, snapshots, deletes, tombstones, properties, compression, concurrency.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

class TableSpec : FunSpec({
    for (compression in Compression.values()) {
        test("a table of random entries round-trips through get, scans and seeks ($compression)") {
            val seed = 7L + compression.ordinal
            withClue("seed=$seed") {
                val random = Random(seed)
                val fs = FakeFileSystem()
                val path = "/000001.sst".toPath()
                val entries = randomEntries(random, 3000)
                val props = writeTable(fs, path, entries, options(compression))
                props.fileSize shouldBe fs.metadata(path).size
                TableReader.open(fs, path, 1, BlockCache(1 shl 20)).use { table ->
                    table.newIterator(true).use { it.forwardScan().keysAsText() shouldBe entries.keysAsText() }
                    table.newIterator(true).use { it.backwardScan().keysAsText() shouldBe entries.reversed().keysAsText() }
                    // get at random snapshots, for present and absent keys
                    val maxSeq = props.maxSequence
                    repeat(3000) {
                        val e = entries[random.nextInt(entries.size)]
                        val user = InternalKey.userKey(e.key)
                        val snapshot = random.nextLong(0, maxSeq + 2)
                        val expected = entries.modelGet(user, snapshot)
                        val actual = table.get(user, snapshot, true)
                        actual?.internalKey() shouldBe expected?.key
                        actual?.storedValue() shouldBe expected?.value
                    }
                    repeat(500) {
                        val user = "user/%08d/absent".format(random.nextInt(100000)).encodeToByteArray()
                        table.get(user, maxSeq, true) shouldBe null
                    }
                    // seeks and seekForPrev at random targets (existing keys and in-between)
                    val iter = table.newIterator(false)
                    repeat(2000) {
                        val base = entries[random.nextInt(entries.size)].key
                        val target = if (random.nextBoolean()) base else
                            InternalKey.encode(InternalKey.userKey(base) + byteArrayOf(random.nextInt(256).toByte()),
                                random.nextLong(0, maxSeq + 1), ValueKind.PUT)
                        val i = entries.lowerBound(target)
                        iter.seek(target)
                        if (i < entries.size) iter.key() shouldBe entries[i].key else iter.isValid shouldBe false
                        val j = if (i < entries.size && InternalKey.compare(entries[i].key, target) == 0) i else i - 1
                        iter.seekForPrev(target)
                        if (j >= 0) iter.key() shouldBe entries[j].key else iter.isValid shouldBe false
                        // a few steps in each direction from the seek
                        if (j >= 0) {
                            if (j + 1 < entries.size) { iter.next(); iter.key() shouldBe entries[j + 1].key; iter.prev() }
                            if (j > 0) { iter.prev(); iter.key() shouldBe entries[j - 1].key }
                        }
                    }
                    iter.close()
                }
                fs.checkNoOpenFiles()
            }
        }
    }

    test("LZ4 shrinks compressible tables and the reader sees the same entries") {
        val entries = (0 until 2000).map { Entry(ikey("key%06d".format(it), it + 1L), stored("value-" + "ab".repeat(40))) }
        val fs = FakeFileSystem()
        val plain = writeTable(fs, "/plain.sst".toPath(), entries, options(Compression.NONE))
        val lz4 = writeTable(fs, "/lz4.sst".toPath(), entries, options(Compression.LZ4))
        println("table of 2000 compressible entries: ${plain.fileSize} bytes plain, ${lz4.fileSize} bytes LZ4")
        (lz4.fileSize < plain.fileSize / 2) shouldBe true
        TableReader.open(fs, "/lz4.sst".toPath(), 2, null).use {
            it.newIterator(true).use { i -> i.forwardScan().keysAsText() shouldBe entries.keysAsText() }
        }
        fs.checkNoOpenFiles()
    }

    test("incompressible blocks are stored uncompressed under LZ4") {
        val random = Random(99)
        val entries = (0 until 500).map { Entry(ikey("k%05d".format(it), 1), StoredValue.encode(1, random.nextBytes(200))) }
        val fs = FakeFileSystem()
        val plain = writeTable(fs, "/a.sst".toPath(), entries, options(Compression.NONE))
        val lz4 = writeTable(fs, "/b.sst".toPath(), entries, options(Compression.LZ4))
        lz4.fileSize shouldBe plain.fileSize
        TableReader.open(fs, "/b.sst".toPath(), 2, null).use {
            it.newIterator(true).use { i -> i.forwardScan().keysAsText() shouldBe entries.keysAsText() }
        }
    }

    test("get honours snapshots and returns point deletes as the newest visible version") {
        val entries = listOf(
            Entry(ikey("a", 9), stored("a9")),
            Entry(ikey("a", 7, ValueKind.DELETE), stored("")),
            Entry(ikey("a", 3), stored("a3")),
            Entry(ikey("b", 5), stored("b5")),
        )
        val fs = FakeFileSystem()
        writeTable(fs, "/t.sst".toPath(), entries)
        TableReader.open(fs, "/t.sst".toPath(), 1, null).use { t ->
            val a = "a".encodeToByteArray()
            t.get(a, 100, true)!!.internalKey() shouldBe ikey("a", 9)
            t.get(a, 9, true)!!.internalKey() shouldBe ikey("a", 9)
            t.get(a, 8, true)!!.internalKey() shouldBe ikey("a", 7, ValueKind.DELETE)
            t.get(a, 6, true)!!.storedValue() shouldBe stored("a3")
            t.get(a, 2, true) shouldBe null
            t.get("b".encodeToByteArray(), 4, true) shouldBe null
            t.get("b".encodeToByteArray(), 5, true)!!.storedValue() shouldBe stored("b5")
            t.get("c".encodeToByteArray(), 100, true) shouldBe null
            t.get("".encodeToByteArray(), 100, true) shouldBe null
        }
        fs.checkNoOpenFiles()
    }

    test("versions of one key split across blocks are found at every snapshot") {
        val entries = (200 downTo 1).map { Entry(ikey("same", it.toLong()), stored("v$it")) } +
            Entry(ikey("samf", 1), stored("other"))
        val fs = FakeFileSystem()
        writeTable(fs, "/t.sst".toPath(), entries, options(blockSize = 64, restart = 2))
        TableReader.open(fs, "/t.sst".toPath(), 1, null).use { t ->
            for (snap in 0L..205L) {
                val e = t.get("same".encodeToByteArray(), snap, false)
                if (snap == 0L) e shouldBe null else e!!.storedValue() shouldBe stored("v${minOf(snap, 200L)}")
            }
        }
    }

    test("range tombstones and properties are preserved") {
        val fs = FakeFileSystem()
        val tombstones = listOf(
            RangeTombstone("m".encodeToByteArray(), "p".encodeToByteArray(), 50),
            RangeTombstone("a".encodeToByteArray(), "c".encodeToByteArray(), 60),
            RangeTombstone("a".encodeToByteArray(), "b".encodeToByteArray(), 70),
        )
        val entries = listOf(
            Entry(ikey("a", 10), stored("x", writeTime = 500)),
            Entry(ikey("b", 11, ValueKind.DELETE), stored("", writeTime = 300)),
            Entry(ikey("z", 12), stored("yy", writeTime = 900)),
        )
        val written = writeTable(fs, "/t.sst".toPath(), entries, tombstones = tombstones, creationTime = 1234)
        TableReader.open(fs, "/t.sst".toPath(), 5, null).use { t ->
            t.rangeTombstones() shouldBe listOf(tombstones[2], tombstones[1], tombstones[0])
            val p = t.properties()
            p.entryCount shouldBe 3
            p.pointTombstones shouldBe 1
            p.rangeTombstones shouldBe 3
            p.smallestKey shouldBe ikey("a", 10)
            p.largestKey shouldBe ikey("z", 12)
            p.minSequence shouldBe 10
            p.maxSequence shouldBe 70
            p.minWriteTime shouldBe 300
            p.maxWriteTime shouldBe 900
            p.creationTime shouldBe 1234
            p.rawKeyBytes shouldBe entries.sumOf { it.key.size.toLong() }
            p.rawValueBytes shouldBe entries.sumOf { it.value.size.toLong() }
            p.fileSize shouldBe written.fileSize
            t.fileSize() shouldBe written.fileSize
            t.fileNumber() shouldBe 5
            written.smallestKey shouldBe p.smallestKey
        }
        fs.checkNoOpenFiles()
    }

    test("a table with only range tombstones, or nothing at all, opens and is empty") {
        val fs = FakeFileSystem()
        val t1 = listOf(RangeTombstone("a".encodeToByteArray(), "b".encodeToByteArray(), 3))
        writeTable(fs, "/r.sst".toPath(), emptyList(), tombstones = t1)
        writeTable(fs, "/e.sst".toPath(), emptyList(), options(bloom = 0))
        TableReader.open(fs, "/r.sst".toPath(), 1, null).use { t ->
            t.rangeTombstones() shouldBe t1
            t.properties().smallestKey shouldBe null
            t.properties().maxSequence shouldBe 3
            t.newIterator(true).use { it.forwardScan() shouldBe emptyList(); it.backwardScan() shouldBe emptyList() }
            t.get("a".encodeToByteArray(), 10, true) shouldBe null
        }
        TableReader.open(fs, "/e.sst".toPath(), 2, null).use { t ->
            t.properties().entryCount shouldBe 0
            t.mayContain("x".encodeToByteArray()) shouldBe true
            t.newIterator(true).use { it.seek(ikey("a", 1)); it.isValid shouldBe false }
        }
        fs.checkNoOpenFiles()
    }

    test("keys out of order, or added after finish, are refused") {
        val fs = FakeFileSystem()
        fs.openReadWrite("/t.sst".toPath(), mustCreate = true, mustExist = false).use { h ->
            TableBuilder(h, TableOptions.defaults(), 0, "t.sst").use { b ->
                b.add(ikey("b", 5), stored("x"))
                shouldThrow<IllegalStateException> { b.add(ikey("a", 6), stored("x")) }
                shouldThrow<IllegalStateException> { b.add(ikey("b", 5), stored("x")) }
                shouldThrow<IllegalStateException> { b.add(ikey("b", 6), stored("x")) }
                b.add(ikey("b", 4), stored("x"))
                b.entryCount() shouldBe 2
                (b.estimatedFileSize() > 0) shouldBe true
                b.finish()
                shouldThrow<IllegalStateException> { b.add(ikey("c", 1), stored("x")) }
            }
        }
        fs.checkNoOpenFiles()
    }

    test("large values larger than a block round-trip") {
        val random = Random(3)
        val entries = (0 until 20).map { Entry(ikey("big%02d".format(it), 1), StoredValue.encode(1, random.nextBytes(20_000))) }
        val fs = FakeFileSystem()
        writeTable(fs, "/t.sst".toPath(), entries, options(Compression.LZ4))
        TableReader.open(fs, "/t.sst".toPath(), 1, null).use { t ->
            t.newIterator(true).use { it.forwardScan().keysAsText() shouldBe entries.keysAsText() }
            t.get("big07".encodeToByteArray(), 1, false)!!.storedValue() shouldBe entries[7].value
        }
    }

    test("index separators are short and keep the table ordered") {
        val last = ikey("abcdef", 3)
        val next = ikey("abzzz", 9)
        val sep = TableBuilder.separator(last, next)
        InternalKey.userKey(sep).decodeToString() shouldBe "abd"
        (InternalKey.compare(last, sep) <= 0 && InternalKey.compare(sep, next) < 0) shouldBe true
        TableBuilder.separator(ikey("a", 5), ikey("a", 4)) shouldBe ikey("a", 5)
        TableBuilder.separator(ikey("ab", 5), ikey("abc", 4)) shouldBe ikey("ab", 5)
        InternalKey.userKey(TableBuilder.successor(ikey("\u00ffhello", 1))).size shouldNotBe 6
    }

    test("one reader serves concurrent gets and scans through a shared cache") {
        val seed = 77L
        val entries = randomEntries(Random(seed), 4000)
        val fs = FakeFileSystem()
        writeTable(fs, "/c.sst".toPath(), entries, options(Compression.LZ4))
        val cache = BlockCache(64L * 1024, 4) // small: forces eviction while threads read
        TableReader.open(fs, "/c.sst".toPath(), 3, cache).use { t ->
            val failures = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
            val threads = (0 until 4).map { n ->
                Thread {
                    try {
                        val random = Random(seed + n)
                        repeat(3000) {
                            val e = entries[random.nextInt(entries.size)]
                            val user = InternalKey.userKey(e.key)
                            val snap = random.nextLong(0, entries.size + 10L)
                            val expected = entries.modelGet(user, snap)
                            val actual = t.get(user, snap, true)
                            check(java.util.Arrays.equals(actual?.internalKey(), expected?.key)) { "seed=${seed + n} key mismatch" }
                            check(java.util.Arrays.equals(actual?.storedValue(), expected?.value)) { "seed=${seed + n} value mismatch" }
                        }
                        t.newIterator(true).use { check(it.forwardScan().size == entries.size) }
                    } catch (e: Throwable) {
                        failures.add(e)
                    }
                }.also { it.start() }
            }
            threads.forEach { it.join() }
            failures.toList() shouldBe emptyList()
            (cache.usedBytes() <= cache.capacityBytes()) shouldBe true
        }
        fs.checkNoOpenFiles()
    }
})
