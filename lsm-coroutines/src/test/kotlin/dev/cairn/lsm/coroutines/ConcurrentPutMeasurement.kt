// Prints put throughput of many concurrent writers: Java threads on LsmStore.put against
// coroutines on Dispatchers.Default calling Store.put, alternating, each round into fresh stores,
// plus one coroutine writer, with the CPU time each kind of thread used. A measurement, not a test
// (no assertions, not run by Surefire). Run with the bench jar, which holds every dependency:
//   mvn -B -q -o package -DskipTests -pl lsm-bench -am && mvn -B -q -o test-compile -pl lsm-core,lsm-coroutines
//   java -Xmx256m -cp lsm-bench/target/lsm-bench.jar:lsm-coroutines/target/test-classes \
//       dev.cairn.lsm.coroutines.ConcurrentPutMeasurementKt 300000 64 3 64
// (keys per round, writers, rounds, Dispatchers.IO threads started first). Pass a last argument
// of 64 to start 64 IO threads first, as a program that also reads has: with only Default's own
// threads around, the coroutine writers run almost one after another and the figure flatters them.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import java.util.SplittableRandom
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import okio.FileSystem
import okio.Path

private fun keyOf(k: Long): ByteArray {
    val b = ByteArray(16)
    var v = k
    for (i in 15 downTo 0) { b[i] = ('0'.code + (v % 10).toInt()).toByte(); v /= 10 }
    return b
}

private fun freshDir(name: String): Path {
    val dir = FileSystem.SYSTEM_TEMPORARY_DIRECTORY / "cairn-concurrent-put" / name
    FileSystem.SYSTEM.deleteRecursively(dir)
    return dir
}

/** Keys for [writers] writers: writer w takes every writers-th of a seeded random permutation. */
private fun plan(n: Int, writers: Int, seed: Long): Array<LongArray> {
    val perm = LongArray(n) { it.toLong() }
    val r = SplittableRandom(seed)
    for (i in n - 1 downTo 1) { val j = r.nextInt(i + 1); val t = perm[i]; perm[i] = perm[j]; perm[j] = t }
    return Array(writers) { w -> LongArray((n - w + writers - 1) / writers) { perm[w + it * writers] } }
}

private val VALUE = ByteArray(100) { (it % 7).toByte() }

private fun javaRound(n: Int, writers: Int, name: String): Double {
    val keys = plan(n, writers, 301)
    LsmStore.open(freshDir(name), StoreOptions.defaults()).use { db ->
        val mx = java.lang.management.ManagementFactory.getThreadMXBean()
        val cpu = java.util.concurrent.atomic.AtomicLong()
        val start = System.nanoTime()
        val ts = keys.map { ks ->
            Thread {
                for (k in ks) db.put(keyOf(k), VALUE)
                cpu.addAndGet(mx.currentThreadCpuTime)
            }.also { it.start() }
        }
        ts.forEach { it.join() }
        val nanos = System.nanoTime() - start
        lastJavaCpu = "writers=${cpu.get() / 1_000_000}ms wall=${nanos / 1_000_000}ms"
        return n / (nanos / 1e9)
    }
}

/** CPU nanoseconds used so far by live threads, summed by the start of their names. */
private fun cpuByThreadKind(): Map<String, Long> {
    val mx = java.lang.management.ManagementFactory.getThreadMXBean()
    val out = HashMap<String, Long>()
    for (info in mx.dumpAllThreads(false, false)) {
        val kind = info.threadName.substringBefore(' ').substringBefore("-worker")
        val cpu = mx.getThreadCpuTime(info.threadId)
        if (cpu > 0) out.merge(kind, cpu, Long::plus)
    }
    return out
}

/** The last Java round's CPU use by its writer threads. */
private var lastJavaCpu = ""

/** The last Kotlin round's CPU use: milliseconds per thread kind. */
private var lastCpu = ""

private fun kotlinRound(n: Int, writers: Int, name: String): Double = runBlocking {
    val keys = plan(n, writers, 301)
    val store = Store.open(freshDir(name))
    try {
        val before = cpuByThreadKind()
        val start = System.nanoTime()
        runBlocking(Dispatchers.Default) {
            for (ks in keys) launch { for (k in ks) store.put(keyOf(k), VALUE) }
        }
        val nanos = System.nanoTime() - start
        val after = cpuByThreadKind()
        lastCpu = after.map { (k, v) -> k to (v - (before[k] ?: 0)) / 1_000_000 }.filter { it.second > 20 }
            .sortedByDescending { it.second }.joinToString(" ") { "${it.first}=${it.second}ms" } + " wall=${nanos / 1_000_000}ms"
        n / (nanos / 1e9)
    } finally {
        store.close()
    }
}

/**
 * Makes the shared Default/IO scheduler start many threads, as a program that also reads through
 * Dispatchers.IO has: the put path must behave with them around.
 */
private fun spreadIoThreads(threads: Int) = runBlocking(Dispatchers.Default) {
    repeat(threads) { launch { kotlinx.coroutines.withContext(Dispatchers.IO) { Thread.sleep(20) } } }
}

/** Arguments: keys per round (300000), writers (64), rounds (3), IO threads started first (0). */
fun main(args: Array<String>) {
    val n = args.getOrNull(0)?.toInt() ?: 300_000
    val writers = args.getOrNull(1)?.toInt() ?: 64
    val rounds = args.getOrNull(2)?.toInt() ?: 3
    val ioThreads = args.getOrNull(3)?.toInt() ?: 0
    if (ioThreads > 0) spreadIoThreads(ioThreads)
    javaRound(n / 10, writers, "warm-java"); kotlinRound(n / 10, writers, "warm-kotlin"); kotlinRound(n / 10, 1, "warm-kotlin1")
    for (round in 1..rounds) {
        val j = javaRound(n, writers, "java")
        val k = kotlinRound(n, writers, "kotlin")
        val cpu = lastCpu
        val k1 = kotlinRound(n / 3, 1, "kotlin1")
        println("round %d: java %d threads %,9.0f/s  kotlin %d coroutines %,9.0f/s  ratio %.2f  kotlin 1 writer %,9.0f/s"
            .format(round, writers, j, writers, k, k / j, k1))
        println("  java $writers: cpu $lastJavaCpu; kotlin $writers: cpu $cpu")
    }
}
