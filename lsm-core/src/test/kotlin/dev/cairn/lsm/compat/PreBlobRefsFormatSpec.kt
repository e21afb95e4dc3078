// Specifies that tables recording their blob references (docs/format.md tag 15) leave stores
// written before them readable: a store written by the code before tag 15 (the fixture
// pre-blob-refs-v1, written by PreBlobRefsStoreFixtureGenerator at commit 8022af5) opens, reads
// back in every family, keeps the column family's blob files across reopens, and when a TTL drops
// its old tables whole (references not counted: each is read to count them) the blob files those
// tables alone pointed into leave the disk.
package dev.cairn.lsm.compat

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import dev.cairn.lsm.internal.inspect.StoreVerifier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.io.File
import java.time.Duration

private fun readFamily(db: LsmStore, name: String?): Map<String, String> {
    val out = LinkedHashMap<String, String>()
    val options = ReadOptions.defaults()
    val cursor = if (name == null) db.newCursor(options) else db.newCursor(db.columnFamily(name)!!, options)
    cursor.use { c ->
        c.seekToFirst()
        while (c.isValid) { out[c.key().decodeToString()] = c.value().decodeToString(); c.next() }
    }
    return out
}

private fun blobNames(fs: FileSystem, dir: Path) = fs.list(dir).map { it.name }.filter { it.endsWith(".blob") }.toSet()

class PreBlobRefsFormatSpec : FunSpec({
    test("a store written before tables recorded blob references reads back, keeps its family's blob files, and TTL drops of old tables free their blob files") {
        val fake = FakeFileSystem()
        val fs = SynchronizedFileSystem(fake)
        val dir = PreBlobRefsStoreWorkload.DIR.toPath()
        fs.createDirectories(dir)
        val fixture = File(PreBlobRefsFormatSpec::class.java.getResource("/dev/cairn/lsm/compat/pre-blob-refs-v1")!!.toURI())
        for (f in fixture.listFiles()!!) fs.write(dir.resolve(f.name)) { write(f.readBytes()) }
        val (main, cf) = PreBlobRefsStoreWorkload.write(FakeFileSystem(), dir)
        val clock = MutableClock(PreBlobRefsStoreWorkload.START + 10 * PreBlobRefsStoreWorkload.HOUR + 60_000)
        val plain = PreBlobRefsStoreWorkload.options(fs, clock)
        repeat(2) {
            LsmStore.open(dir, plain).use { db ->
                readFamily(db, null) shouldBe main
                readFamily(db, "cf") shouldBe cf
            }
        }
        // The column family's blob file (000008.blob, written second) survived both opens.
        blobNames(fake, dir).contains("000008.blob") shouldBe true
        val jobs = JobCounter()
        val ttl = plain.toBuilder().ttl(Duration.ofHours(2)).listener(jobs).build()
        LsmStore.open(dir, ttl).use { db ->
            readFamily(db, null) shouldBe main.filterKeys { it.startsWith("young") || it == "logged" }
            db.put("trigger".encodeToByteArray(), "t".encodeToByteArray())
            db.flush()
            awaitSettled(db, jobs)
            val family = db.columnFamily("cf")!!
            val deadline = System.currentTimeMillis() + 60_000
            while (db.stats(family).pendingCompactionBytes() > 0 || db.stats(family).blobFileCount() > 0) {
                check(System.currentTimeMillis() < deadline) { "the family's expired table was never dropped" }
                Thread.sleep(5)
            }
            jobs.compactions.filter { it.reason() == "ttl expired" }.shouldNotBeEmpty()
            // The store's TTL is the family's too (it was created with the defaults): all expired.
            readFamily(db, "cf") shouldBe emptyMap()
        }
        // The old tables' blob files (000006.blob, and the family's 000008.blob) went with them;
        // the young table's stays.
        val names = blobNames(fake, dir)
        names.contains("000006.blob") shouldBe false
        names.contains("000008.blob") shouldBe false
        names.contains("000011.blob") shouldBe true
        val report = StoreVerifier.verify(fake, dir, null)
        withClue("${report.problems()}") { report.problems().shouldBeEmpty() }
        LsmStore.open(dir, ttl).use { db ->
            readFamily(db, null) shouldBe main.filterKeys { it.startsWith("young") || it == "logged" } + ("trigger" to "t")
            readFamily(db, "cf") shouldBe emptyMap()
        }
        fake.checkNoOpenFiles()
    }
})
