package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.Snapshot
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toOkioPath
import okio.fakefilesystem.FakeFileSystem
import java.nio.file.Files
import kotlin.random.Random

/**
 * Random operation lists against a TreeMap oracle: put, delete, deleteRange, batches, gets,
 * cursors in both directions, snapshots, flushes, compactions and reopens, with a tiny
 * memtable so every layer (memtable, level 0, deeper levels) is exercised.
 */
class EngineModelSpec : FunSpec({
    var keySpace = 300

    fun options(fs: FileSystem, strategy: CompactionStrategy, encryption: Encryption? = null,
                compression: Compression = Compression.NONE, cacheBytes: Long? = null) = StoreOptions.builder()
        .listener(object : dev.cairn.lsm.EventListener { override fun onBackgroundError(error: Throwable) { error.printStackTrace() } })
        .fileSystem(if (fs is FakeFileSystem) SynchronizedFileSystem(fs) else fs)
        .memtableSizeBytes(32 * 1024)
        .blockSize(512)
        .compaction(strategy)
        .encryption(encryption)
        .compression(compression)
        .let { b -> if (cacheBytes != null) b.blockCacheBytes(cacheBytes) else b }
        .build()

    fun key(r: Random): ByteArray {
        val n = r.nextInt(keySpace)
        return when (r.nextInt(4)) {
            0 -> byteArrayOf()
            1 -> "k%04d".format(n).toByteArray()
            2 -> byteArrayOf((n % 256).toByte(), 0xFF.toByte())
            else -> "k%04d/x".format(n).toByteArray()
        }.let { if (n == 0 && it.isEmpty()) it else it }
    }

    fun value(r: Random): ByteArray = ByteArray(r.nextInt(0, 200)).also { r.nextBytes(it) }

    fun checkScan(c: Cursor, model: StoreModel) {
        val expected = model.entries()
        val forward = mutableListOf<Pair<Key, ByteArray>>()
        c.seekToFirst()
        while (c.isValid) { forward += Key(c.key()) to c.value(); c.next() }
        forward.map { it.first } shouldBe expected.map { it.first }
        forward.zip(expected).forEach { (a, b) -> withClue("value of ${a.first}") { a.second.contentEquals(b.second) shouldBe true } }
        val backward = mutableListOf<Key>()
        c.seekToLast()
        while (c.isValid) { backward += Key(c.key()); c.prev() }
        backward shouldBe expected.map { it.first }.reversed()
    }

    fun checkSeeks(c: Cursor, model: StoreModel, r: Random) {
        repeat(5) {
            val target = key(r)
            c.seek(target)
            val ceil = model.map.ceilingKey(Key(target))
            withClue("seek(${Key(target)})") { (if (c.isValid) Key(c.key()) else null) shouldBe ceil }
            if (c.isValid && r.nextBoolean()) {
                c.prev()
                val lower = model.map.lowerKey(ceil!!)
                withClue("prev after seek(${Key(target)})") { (if (c.isValid) Key(c.key()) else null) shouldBe lower }
                if (c.isValid) {
                    c.next()
                    withClue("next after prev") { Key(c.key()) shouldBe ceil }
                }
            }
            c.seekForPrev(target)
            val floor = model.map.floorKey(Key(target))
            withClue("seekForPrev(${Key(target)})") { (if (c.isValid) Key(c.key()) else null) shouldBe floor }
            if (c.isValid) {
                c.next()
                withClue("next after seekForPrev") { (if (c.isValid) Key(c.key()) else null) shouldBe model.map.higherKey(floor!!) }
            }
        }
    }

    fun runScenario(seed: Long, fs: FileSystem, dir: Path, strategy: CompactionStrategy, steps: Int,
                    encryption: Encryption? = null, compression: Compression = Compression.NONE,
                    cacheBytes: Long? = null) {
        fun storeOptions() = options(fs, strategy, encryption, compression, cacheBytes)
        val r = Random(seed)
        val model = StoreModel()
        var db = LsmStore.open(dir, storeOptions())
        val snaps = mutableListOf<Pair<Snapshot, StoreModel>>()
        try {
            repeat(steps) { step ->
                withClue("seed=$seed step=$step") {
                    when (r.nextInt(100)) {
                        in 0..39 -> { val k = key(r); val v = value(r); db.put(k, v); model.put(k, v) }
                        in 40..49 -> { val k = key(r); db.delete(k); model.delete(k) }
                        in 50..52 -> {
                            var a = key(r); var b = key(r)
                            if (java.util.Arrays.compareUnsigned(a, b) > 0) { val t = a; a = b; b = t }
                            db.deleteRange(a, b); model.deleteRange(a, b)
                        }
                        in 53..59 -> {
                            val batch = WriteBatch()
                            repeat(r.nextInt(1, 8)) {
                                val k = key(r)
                                if (r.nextInt(4) == 0) { batch.delete(k); model.delete(k) } else { val v = value(r); batch.put(k, v); model.put(k, v) }
                            }
                            db.write(batch)
                        }
                        in 60..79 -> { val k = key(r); val got = db.get(k); withClue("get(${Key(k)})") { got?.toList() shouldBe model.get(k)?.toList() } }
                        in 80..82 -> db.newCursor().use { checkSeeks(it, model, r) }
                        83 -> db.newCursor().use { checkScan(it, model) }
                        in 84..85 -> snaps += db.snapshot() to model.copy()
                        86 -> if (snaps.isNotEmpty()) {
                            val (s, m) = snaps.removeAt(r.nextInt(snaps.size))
                            db.newCursor(ReadOptions.at(s)).use { checkScan(it, m) }
                            val k = key(r)
                            db.get(k, ReadOptions.at(s))?.toList() shouldBe m.get(k)?.toList()
                            s.close()
                        }
                        87 -> db.flush()
                        88 -> {
                            var a = key(r); var b = key(r)
                            if (java.util.Arrays.compareUnsigned(a, b) > 0) { val t = a; a = b; b = t }
                            if (r.nextBoolean()) db.compactRange(null, null) else db.compactRange(a, b)
                        }
                        89 -> {
                            snaps.forEach { it.first.close() }
                            snaps.clear()
                            db.close()
                            db = LsmStore.open(dir, storeOptions())
                        }
                        else -> { val k = key(r); val v = value(r); db.put(k, v); model.put(k, v) }
                    }
                }
            }
            withClue("seed=$seed final") {
                db.newCursor().use { checkScan(it, model) }
                for ((s, m) in snaps) db.newCursor(ReadOptions.at(s)).use { checkScan(it, m) }
            }
            snaps.forEach { it.first.close() }
            db.close()
            db = LsmStore.open(dir, storeOptions())
            withClue("seed=$seed after reopen") { db.newCursor().use { checkScan(it, model) } }
        } finally {
            db.close()
        }
    }

    val strategies = listOf(CompactionStrategy.leveled(), CompactionStrategy.sizeTiered(),
        CompactionStrategy.timeWindow(java.time.Duration.ofHours(1)))

    test("random operations match the model across many small levels") {
        keySpace = 3000
        val deep = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
            .l0Trigger(2).baseLevelSize(16 * 1024).levelMultiplier(2).targetFileSize(4096).build()
        for (seed in 200L..203L) {
            val fs = FakeFileSystem()
            runScenario(seed, fs, "/db".toPath(), deep, 4000)
            fs.checkNoOpenFiles()
        }
        keySpace = 300
    }

    for (strategy in strategies) {
        test("random operations match the model on FakeFileSystem under ${strategy.kind()}") {
            for (seed in 1L..6L) {
                val fs = FakeFileSystem()
                val dir = "/db".toPath()
                runScenario(seed * 7919 + strategy.kind().ordinal, fs, dir, strategy, 1500)
                fs.checkNoOpenFiles()
            }
        }
    }

    test("random operations match the model through a block cache that is always full") {
        // A 4 KiB cache holds a handful of 512-byte blocks: most point reads miss a full cache
        // and read their block into the reading thread's own buffer (PointLookup's holders),
        // level 0 keeping its best version in one holder while it probes on with the other.
        for ((i, strategy) in listOf(CompactionStrategy.sizeTiered(), CompactionStrategy.leveled()).withIndex()) {
            val fs = FakeFileSystem()
            runScenario(400L + i, fs, "/db".toPath(), strategy, 1500, cacheBytes = 4096)
            fs.checkNoOpenFiles()
        }
        val tmp = Files.createTempDirectory("cairn-model-small-cache")
        try {
            runScenario(402L, FileSystem.SYSTEM, tmp.resolve("db").toOkioPath(), CompactionStrategy.sizeTiered(), 1500,
                cacheBytes = 4096)
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("random operations match the model on an encrypted store, with and without LZ4") {
        val encryption = Encryption.aesGcm(ByteArray(16) { (it * 13).toByte() })
        for (seed in 300L..301L) {
            val fs = FakeFileSystem()
            val compression = if (seed % 2 == 0L) Compression.NONE else Compression.LZ4
            runScenario(seed, fs, "/db".toPath(), CompactionStrategy.leveled(), 1500, encryption, compression)
            fs.checkNoOpenFiles()
        }
        val tmp = Files.createTempDirectory("cairn-model-encrypted")
        try {
            runScenario(302L, FileSystem.SYSTEM, tmp.resolve("db").toOkioPath(), CompactionStrategy.sizeTiered(), 1500, encryption)
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("random operations match the model on the real file system") {
        val tmp = Files.createTempDirectory("cairn-model")
        try {
            for (seed in 100L..102L) {
                runScenario(seed, FileSystem.SYSTEM, tmp.resolve("db$seed").toOkioPath(), CompactionStrategy.leveled(), 1500)
            }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }
})

private fun String.toPath(): Path = with(Path) { this@toPath.toPath() }
