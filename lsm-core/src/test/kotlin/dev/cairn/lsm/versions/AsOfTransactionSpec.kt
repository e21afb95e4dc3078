// Read-only transactions as of a past instant: one consistent view of the store as it was then,
// held (like a snapshot) after the retention window has passed the instant, and the options that
// make no sense refused before anything is read.
package dev.cairn.lsm.versions

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()
private fun ByteArray?.s() = this?.decodeToString()
private fun Cursor.forward(): List<String> = buildList { seekToFirst(); while (isValid) { add("${key().s()}=${value().s()}"); next() } }
private fun Cursor.backward(): List<String> = buildList { seekToLast(); while (isValid) { add("${key().s()}=${value().s()}"); prev() } }

class AsOfTransactionSpec : FunSpec({
    fun options(fs: FileSystem, clock: MutableClock, window: Duration? = Duration.ofSeconds(10)) =
        StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(64 * 1024).retainVersions(window).build()

    test("a read-only transaction as of an instant reads the store as it was then, and keeps that view after the window has passed it") {
        val fake = FakeFileSystem()
        val fs = SynchronizedFileSystem(fake)
        val clock = MutableClock(5_000_000)
        val t0 = 5_000_000L
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.put(b("a"), b("1")); db.put(b("b"), b("1"))
            clock.advance(1_000)
            db.put(b("a"), b("2")); db.delete(b("b")); db.put(b("c"), b("2"))
            clock.advance(1_000)
            val tx = db.beginTransaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(t0 + 500)))
            val later = db.beginTransaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(t0 + 1_000)))
            tx.get(b("a")).s() shouldBe "1"
            tx.get(b("b")).s() shouldBe "1"
            tx.get(b("c")) shouldBe null
            tx.newCursor().use { it.forward() shouldBe listOf("a=1", "b=1") }
            tx.newCursor().use { it.backward() shouldBe listOf("b=1", "a=1") }
            later.newCursor().use { it.forward() shouldBe listOf("a=2", "c=2") }
            later.close()
            db.stats().openSnapshots() shouldBe 1
            // the window passes the instant; the versions it needs are overwritten and compacted
            clock.advance(60_000)
            repeat(3) { i -> db.put(b("a"), b("x$i")); db.put(b("b"), b("x$i")); db.flush() }
            db.compactRange(null, null)
            shouldThrow<IllegalArgumentException> { db.get(b("a"), ReadOptions.asOf(Instant.ofEpochMilli(t0 + 500))) }
            tx.get(b("a")).s() shouldBe "1"
            tx.newCursor().use { it.forward() shouldBe listOf("a=1", "b=1") }
            shouldThrow<IllegalStateException> { tx.put(b("a"), b("no")) }
            tx.commit() // writes nothing
            db.stats().openSnapshots() shouldBe 0
            db.get(b("a")).s() shouldBe "x2"
            // a new one cannot begin outside the window
            shouldThrow<IllegalArgumentException> {
                db.beginTransaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(t0 + 500)))
            }.message shouldContain "retention window"
            db.stats().openSnapshots() shouldBe 0
        }
        fake.checkNoOpenFiles()
    }

    test("asOf is refused where it makes no sense: on a transaction that writes, without an instant, without retention, on a cursor") {
        shouldThrow<IllegalStateException> { TransactionOptions.defaults().asOf(Instant.now()) }.message shouldContain "readOnly()"
        shouldThrow<IllegalStateException> { TransactionOptions.serializable().asOf(Instant.now()) }
        shouldThrow<IllegalArgumentException> { TransactionOptions.readOnly().asOf(null) }
        val at = Instant.ofEpochMilli(7_000_000)
        TransactionOptions.readOnly().asOf(at).asOf() shouldBe at
        TransactionOptions.readOnly().asOf(at).isReadOnly shouldBe true
        TransactionOptions.readOnly().asOf(at).toString() shouldContain "as of"
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(7_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock, null)).use { db ->
            shouldThrow<IllegalArgumentException> { db.beginTransaction(TransactionOptions.readOnly().asOf(at)) }
                .message shouldContain "does not retain versions"
            db.stats().openSnapshots() shouldBe 0
        }
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.put(b("k"), b("v"))
            db.beginTransaction(TransactionOptions.readOnly().asOf(at)).use { tx ->
                tx.get(b("k")).s() shouldBe "v"
                shouldThrow<IllegalArgumentException> { tx.newCursor(ReadOptions.asOf(at)) }.message shouldContain "instant"
            }
        }
    }
})
