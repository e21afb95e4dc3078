// Store.transaction: runs a block in an optimistic transaction, commits it, and runs it again on
// a conflict (bounded attempts, jittered exponential backoff). The block's transaction is rolled
// back when the block throws or the caller is cancelled; a commit, once begun, runs to its end.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

/**
 * Runs [block] in a transaction and commits what it wrote, atomically (one log record). When
 * another commit after the transaction's snapshot conflicts (see [dev.cairn.lsm.Transaction]:
 * first committer wins; under `TransactionOptions.serializable()` reads count too), the block is
 * run again in a fresh transaction, up to [maxAttempts] times in all, after a pause drawn at
 * random between half and all of a backoff that starts at [initialBackoff] and doubles up to
 * [maxBackoff]. **The block may therefore run more than once: it must be idempotent apart from
 * its transaction's writes** (no side effects outside the store, or ones safe to repeat).
 *
 * If the block throws, or the calling coroutine is cancelled before the commit begins, the
 * transaction is rolled back and nothing is written. Once the commit has begun it completes (the
 * write may be acknowledged even though the caller was cancelled meanwhile).
 *
 * The block may read and write every column family of the store ([TransactionScope.get] and its
 * siblings with a [StoreFamily] first, typed maps in a family): all of it commits as one atomic
 * write, and conflicts are checked per family and key.
 *
 * ```
 * val moved = store.transaction { tx ->
 *     val a = accounts.get(tx, alice)!!; val b = accounts.get(tx, bob)!!
 *     accounts.put(tx, alice, a.copy(balance = a.balance - 10))
 *     accounts.put(tx, bob, b.copy(balance = b.balance + 10))
 *     10
 * }
 * val orders = store.family("orders"); val stock = store.family("stock")
 * store.transaction { tx ->
 *     tx.put(orders, orderId, orderBytes)
 *     tx.merge(stock, itemId, minusOne)    // the family's merge operator
 * }
 * ```
 *
 * @param options isolation and commit durability; snapshot isolation by default.
 *     `TransactionOptions.readOnly().asOf(instant)` runs the block as of a past instant inside the
 *     retention window (reads only; it never conflicts)
 * @param maxAttempts how many times the block may run, at least 1
 * @return what the block returned in the attempt that committed
 * @throws TransactionConflictException when the last attempt conflicted too
 */
public suspend fun <T> Store.transaction(
    options: TransactionOptions = TransactionOptions.defaults(),
    maxAttempts: Int = 10,
    initialBackoff: Duration = 1.milliseconds,
    maxBackoff: Duration = 100.milliseconds,
    block: suspend (tx: TransactionScope) -> T,
): T {
    require(maxAttempts >= 1) { "maxAttempts must be at least 1, was $maxAttempts" }
    require(!initialBackoff.isNegative() && initialBackoff <= maxBackoff) {
        "backoff must satisfy 0 <= initialBackoff <= maxBackoff, was $initialBackoff and $maxBackoff"
    }
    var backoff = initialBackoff
    var attempt = 1
    while (true) {
        try {
            return attempt(options, block)
        } catch (e: TransactionConflictException) {
            if (attempt >= maxAttempts) throw e
        }
        attempt++
        val nanos = backoff.inWholeNanoseconds
        // As a Duration: whole milliseconds would make every pause under 1 ms (the first, by default) no pause at all.
        delay((nanos / 2 + Random.nextLong(nanos / 2 + 1)).nanoseconds)
        backoff = (backoff * 2).coerceAtMost(maxBackoff)
    }
}

private suspend fun <T> Store.attempt(options: TransactionOptions, block: suspend (TransactionScope) -> T): T {
    val tx = beginTransaction(options)
    try {
        val scope = TransactionScope(this, tx)
        val result = block(scope)
        scanCache.beginWrite(scope.touched)
        try {
            withContext(NonCancellable + Dispatchers.IO) { tx.commit() }
        } finally {
            scanCache.endWrite(scope.touched)
        }
        notifyCommitted(scope.touched)
        return result
    } finally {
        tx.close()
    }
}
