// What an open writes to the manifest: one fresh manifest, holding the recovered state with the
// open's own edit (new log, replayed tables, strategy) in a single record, written only once
// recovery has succeeded, so an open that fails leaves the previous manifest current.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.internal.io.FileNames
import dev.cairn.lsm.internal.manifest.ManifestReader
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class OpenManifestSpec : FunSpec({
    val dir = "/db".toPath()

    fun options(fake: FakeFileSystem, strategy: CompactionStrategy.Kind = CompactionStrategy.Kind.LEVELED) =
        StoreOptions.builder().fileSystem(fake).compaction(CompactionStrategy.builder(strategy).build())
            .walRecovery(WalRecoveryMode.ABSOLUTE_CONSISTENCY).build()

    fun manifests(fake: FakeFileSystem) = fake.list(dir).map { it.name }.filter { it.startsWith("MANIFEST-") }

    test("a reopen writes one manifest whose first record holds the tables, the new log and the new strategy") {
        val fake = FakeFileSystem()
        LsmStore.open(dir, options(fake)).use { db ->
            for (i in 0 until 200) db.put(testKey(i), ByteArray(50) { i.toByte() })
            db.flush()
            // these stay in the log: the reopen replays them into a table of its own
            for (i in 200 until 300) db.put(testKey(i), ByteArray(50) { i.toByte() })
        }
        LsmStore.open(dir, options(fake, CompactionStrategy.Kind.SIZE_TIERED)).use { db ->
            for (i in 0 until 300) withClue("key $i") { db.get(testKey(i))?.get(0) shouldBe i.toByte() }
        }
        val names = manifests(fake)
        names shouldHaveSize 1
        fake.read(dir.resolve("CURRENT")) { readUtf8().trim() } shouldBe names[0]
        val first = ManifestReader.read(fake, dir.resolve(names[0])).first()
        first.strategy().get() shouldBe "SIZE_TIERED"
        val log = first.logNumber().asLong
        fake.exists(dir.resolve(FileNames.wal(log))) shouldBe true
        val tables = fake.list(dir).map { it.name }.filter { it.endsWith(".sst") }
        first.addedFiles().map { FileNames.table(it.file().number()) } shouldContainExactlyInAnyOrder tables
        // the log's records went to a table: both tables are named, the replayed log is gone
        tables shouldHaveSize 2
        fake.list(dir).map { it.name }.filter { it.endsWith(".wal") } shouldBe listOf(FileNames.wal(log))
    }

    test("an open that fails while replaying the log leaves the previous manifest current and unchanged") {
        val fake = FakeFileSystem()
        LsmStore.open(dir, options(fake)).use { db ->
            for (i in 0 until 100) db.put(testKey(i), ByteArray(100) { 7 })
        }
        val current = fake.read(dir.resolve("CURRENT")) { readUtf8() }
        val manifest = manifests(fake).single()
        val manifestBytes = fake.read(dir.resolve(manifest)) { readByteString() }
        val wal = fake.list(dir).filter { it.name.endsWith(".wal") }.maxBy { fake.metadata(it).size ?: 0 }
        val bytes = fake.read(wal) { readByteArray() }
        bytes[300] = (bytes[300].toInt() xor 0x55).toByte()
        fake.write(wal) { write(bytes) }

        val e = shouldThrow<LsmException> { LsmStore.open(dir, options(fake)) }
        withClue("$e caused by ${e.cause}") { (e is CorruptionException || e.cause is CorruptionException) shouldBe true }
        fake.read(dir.resolve("CURRENT")) { readUtf8() } shouldBe current
        manifests(fake) shouldBe listOf(manifest)
        fake.read(dir.resolve(manifest)) { readByteString() } shouldBe manifestBytes
    }
})
