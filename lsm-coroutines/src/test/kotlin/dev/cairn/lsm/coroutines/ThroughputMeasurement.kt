// Prints throughput of the Kotlin layer as a ratio to direct calls of the Java API: suspend put
// with 1 and 64 concurrent writers, suspend get, and a Flow scan against a Cursor loop. A
// measurement, not a test (no assertions, not run by Surefire). Run with:
//   mvn -B -q -o test-compile exec:java -pl lsm-coroutines -Dexec.classpathScope=test \
//       -Dexec.mainClass=dev.cairn.lsm.coroutines.ThroughputMeasurementKt
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import okio.FileSystem
import okio.Path

private const val N = 50_000
private const val WRITERS = 64

private fun key(i: Int) = "key%08d".format(i).encodeToByteArray()
private val VALUE = ByteArray(100) { it.toByte() }

private inline fun opsPerSecond(ops: Int, block: () -> Unit): Double {
    val start = System.nanoTime()
    block()
    return ops / ((System.nanoTime() - start) / 1e9)
}

private fun fresh(name: String): Path {
    val dir = FileSystem.SYSTEM_TEMPORARY_DIRECTORY / "cairn-throughput" / name
    FileSystem.SYSTEM.deleteRecursively(dir)
    return dir
}

private fun javaPuts(db: LsmStore, threads: Int, base: Int) {
    val per = N / threads
    val ts = (0 until threads).map { t ->
        Thread { for (i in 0 until per) db.put(key(base + t * per + i), VALUE) }.also { it.start() }
    }
    ts.forEach { it.join() }
}

private suspend fun kotlinPuts(store: Store, writers: Int, base: Int) = coroutineScope {
    val per = N / writers
    repeat(writers) { w -> launch(Dispatchers.Default) { for (i in 0 until per) store.put(key(base + w * per + i), VALUE) } }
}

/** Runs the measurement and prints one line per figure. */
class ThroughputMeasurement : io.kotest.core.spec.style.FunSpec({
    test("print throughput ratios of the Kotlin layer to the Java API") { measure() }
})

private fun measure() = runBlocking {
    val db = LsmStore.open(fresh("java"), StoreOptions.defaults())
    val store = Store.open(fresh("kotlin"))
    try {
        // warm-up of both paths
        javaPuts(db, 1, 10 * N); kotlinPuts(store, 1, 10 * N)
        javaPuts(db, WRITERS, 11 * N); kotlinPuts(store, WRITERS, 11 * N)

        for (round in 1..2) {
            val j1 = opsPerSecond(N) { javaPuts(db, 1, 0) }
            val k1 = opsPerSecond(N) { kotlinPuts(store, 1, 0) }
            val j64 = opsPerSecond(N) { javaPuts(db, WRITERS, N) }
            val k64 = opsPerSecond(N) { kotlinPuts(store, WRITERS, N) }

            val jg = opsPerSecond(N) { for (i in 0 until N) db.get(key(i)) }
            val kg = opsPerSecond(N) { for (i in 0 until N) store.get(key(i)) }

            var count = 0
            val cursorStart = System.nanoTime()
            db.newCursor().use { c -> c.seekToFirst(); while (c.isValid) { c.key(); c.value(); count++; c.next() } }
            val jc = count / ((System.nanoTime() - cursorStart) / 1e9)
            var flowCount = 0
            val ks = opsPerSecond(count) { store.scan().collect { flowCount++ } }
            check(flowCount == count) { "flow saw $flowCount entries, cursor $count" }

            println("round $round (N=$N, 16-byte keys, 100-byte values, no fsync)")
            println("  put, 1 writer:    java %,10.0f/s  kotlin %,10.0f/s  ratio %.2f".format(j1, k1, k1 / j1))
            println("  put, $WRITERS writers:  java %,10.0f/s  kotlin %,10.0f/s  ratio %.2f".format(j64, k64, k64 / j64))
            println("  get, 1 caller:    java %,10.0f/s  kotlin %,10.0f/s  ratio %.2f".format(jg, kg, kg / jg))
            println("  scan of $count:  cursor %,10.0f/s  flow %,10.0f/s  ratio %.2f".format(jc, ks, ks / jc))
        }
    } finally {
        store.close()
        db.close()
    }
}
