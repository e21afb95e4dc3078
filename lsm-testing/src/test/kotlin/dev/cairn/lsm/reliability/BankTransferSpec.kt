// The bank-transfer invariant under concurrent transactions: threads move money between accounts
// in snapshot-isolated transactions, retrying on conflict, while read-only transactions check
// that the total never changes, flushes and compactions run, and a power cut (a crash clone of
// the CrashFileSystem taken while transfers are in flight) is reopened and checked.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.ByteBuffer
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread
import kotlin.random.Random
import okio.Path.Companion.toPath

private const val ACCOUNTS = 24
private const val OPENING_BALANCE = 1_000L
private const val TOTAL = ACCOUNTS * OPENING_BALANCE

private fun account(i: Int) = "acct%03d".format(i).toByteArray()
private fun encode(v: Long) = ByteBuffer.allocate(8).putLong(v).array()
private fun decode(b: ByteArray) = ByteBuffer.wrap(b).long

/** Sums every account in one read-only transaction; also checks that every account is there. */
private fun total(db: LsmStore): Long = db.beginTransaction(TransactionOptions.readOnly()).use { tx ->
    var sum = 0L
    var n = 0
    tx.newCursor().use { c ->
        c.seekToFirst()
        while (c.isValid) { sum += decode(c.value()); n++; c.next() }
    }
    n shouldBe ACCOUNTS
    sum
}

/** Moves a random amount between two random accounts, retrying on conflict; returns the conflicts met. */
private fun transfer(db: LsmStore, r: Random, sync: Boolean): Int {
    val from = r.nextInt(ACCOUNTS)
    val to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS
    val amount = r.nextLong(1, 50)
    var conflicts = 0
    while (true) {
        val options = TransactionOptions.defaults().writeOptions(if (sync) WriteOptions.sync() else WriteOptions.noSync())
        db.beginTransaction(options).use { tx ->
            val a = decode(tx.get(account(from))!!)
            val b = decode(tx.get(account(to))!!)
            tx.put(account(from), encode(a - amount))
            tx.put(account(to), encode(b + amount))
            try {
                tx.commit()
                return conflicts
            } catch (e: TransactionConflictException) {
                conflicts++
            }
        }
    }
}

class BankTransferSpec : FunSpec({
    test("8 threads transferring with retries keep the total across flushes, compactions, a power cut and reopen") {
        val seed = Random.nextLong()
        withClue("seed $seed") {
            val fs = CrashFileSystem()
            val dir = "/bank".toPath()
            val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(8 * 1024)
                .compaction(CompactionStrategy.leveled()).build()
            val crashed = AtomicReference<CrashFileSystem>()
            val conflicts = AtomicInteger()
            LsmStore.open(dir, options).use { db ->
                db.write(dev.cairn.lsm.WriteBatch().apply { for (i in 0 until ACCOUNTS) put(account(i), encode(OPENING_BALANCE)) }, WriteOptions.sync())
                val failure = AtomicReference<Throwable>()
                val writersDone = AtomicBoolean(false)
                val halfway = CountDownLatch(8 * 100)
                val writers = (0 until 8).map { w ->
                    thread(name = "transfer-$w") {
                        val r = Random(seed + w)
                        try {
                            repeat(200) { conflicts.addAndGet(transfer(db, r, sync = it % 4 == 0)); halfway.countDown() }
                        } catch (t: Throwable) { failure.compareAndSet(null, t) }
                    }
                }
                val checker = thread(name = "checker") {
                    try {
                        var round = 0
                        while (!writersDone.get()) {
                            total(db) shouldBe TOTAL
                            when (round++ % 10) { 3 -> db.flush(); 7 -> db.compactRange(null, null) }
                        }
                    } catch (t: Throwable) { failure.compareAndSet(null, t) }
                }
                halfway.await()
                crashed.set(fs.crashClone(java.util.Random(seed), 0.5)) // the power cut, transfers in flight
                writers.forEach { it.join() }
                writersDone.set(true)
                checker.join()
                failure.get()?.let { throw it }
                total(db) shouldBe TOTAL
                db.compactRange(null, null)
                total(db) shouldBe TOTAL
            }
            // After the power cut: whatever prefix of commits survived, each transfer is whole.
            LsmStore.open(dir, options.toBuilder().fileSystem(crashed.get()).build()).use { db ->
                total(db) shouldBe TOTAL
                val r = Random(seed xor 0x5eed)
                repeat(100) { transfer(db, r, sync = false) }
                db.flush()
                total(db) shouldBe TOTAL
            }
            LsmStore.open(dir, options.toBuilder().fileSystem(crashed.get()).build()).use { db -> total(db) shouldBe TOTAL }
            println("BankTransferSpec: seed $seed, ${conflicts.get()} conflicts retried over 1600 transfers")
        }
    }
})
