// The child process of SoakSpec: opens the store, then runs 8 writers (batches of puts, deletes
// and uint64Add merges into the writer's counter, range deletes; one operation in four as a
// Transaction, which reads the counter it bumps), 8 readers (gets, cursors both ways, snapshots held and released), a
// compactor and a resource sampler until it is killed. It tells the parent through stdout:
// "I <writer> <op> <entries>" before each write, "A <writer> <op>" after its acknowledgement
// (each line flushed before the write it announces), "S ..." resource samples, and "E ..."
// for anything a reader saw that is wrong. Each writer owns its keys and writes one operation at
// a time, so at most one operation per writer is in flight when the process dies.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.Snapshot
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.reliability.SoakWorkload.Entry
import java.io.PrintStream
import java.lang.management.BufferPoolMXBean
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random

object SoakChild {
    private lateinit var out: PrintStream

    private fun say(line: String) = synchronized(out) {
        out.println(line)
        out.flush()
    }

    /** Arguments: store directory, round, seed. */
    @JvmStatic
    fun main(args: Array<String>) {
        out = PrintStream(java.io.FileOutputStream(java.io.FileDescriptor.out), false)
        val dir = Path.of(args[0])
        val round = args[1].toInt()
        val seed = args[2].toLong()
        val store = LsmStore.open(dir, SoakWorkload.options(round))
        say("OPEN")
        val threads = ArrayList<Thread>()
        for (w in 0 until SoakWorkload.WRITERS) threads += daemon("writer-$w") { writer(store, w, round, Random(seed * 100 + w)) }
        for (r in 0 until SoakWorkload.READERS) threads += daemon("reader-$r") { reader(store, Random(seed * 100 + 50 + r)) }
        threads += daemon("compactor") { compactor(store, Random(seed * 100 + 99)) }
        threads += daemon("sampler") { sampler(dir) }
        threads.forEach { it.join() }
    }

    private fun daemon(name: String, body: () -> Unit): Thread = Thread({
        try {
            body()
        } catch (e: Throwable) {
            say("E $name died: " + e.stackTraceToString().replace('\n', '|').take(3000))
            Runtime.getRuntime().halt(3)
        }
    }, name).apply { isDaemon = true; start() }

    private fun writer(store: LsmStore, w: Int, round: Int, random: Random) {
        var op = round * 10_000_000L
        while (true) {
            op++
            val entries = ArrayList<Entry>()
            when (random.nextInt(10)) {
                in 0..6 -> repeat(1 + random.nextInt(8)) {
                    val k = random.nextInt(SoakWorkload.KEYS_PER_WRITER)
                    entries += when (random.nextInt(6)) {
                        0 -> Entry.Delete(k)
                        1 -> Entry.Merge(1L + random.nextInt(9))
                        else -> Entry.Put(k)
                    }
                }
                in 7..8 -> entries += Entry.Put(random.nextInt(SoakWorkload.KEYS_PER_WRITER))
                else -> {
                    val k = random.nextInt(SoakWorkload.KEYS_PER_WRITER - 1)
                    entries += Entry.Range(k, minOf(SoakWorkload.KEYS_PER_WRITER, k + 1 + random.nextInt(32)))
                }
            }
            val options = if (random.nextInt(50) == 0) WriteOptions.sync() else WriteOptions.noSync()
            say("I $w $op ${SoakWorkload.encode(entries)}")
            if (random.nextInt(4) == 0) commitTransaction(store, w, op, entries, options) else writeBatch(store, w, op, entries, options)
            say("A $w $op")
        }
    }

    private fun writeBatch(store: LsmStore, w: Int, op: Long, entries: List<Entry>, options: WriteOptions) {
        val batch = WriteBatch()
        for (e in entries) when (e) {
            is Entry.Put -> batch.put(SoakWorkload.key(w, e.k), SoakWorkload.value(w, op, e.k))
            is Entry.Delete -> batch.delete(SoakWorkload.key(w, e.k))
            is Entry.Range -> batch.deleteRange(SoakWorkload.key(w, e.k), SoakWorkload.key(w, e.end))
            is Entry.Merge -> batch.merge(SoakWorkload.counter(w), MergeOperators.uint64(e.amount))
        }
        store.write(batch, options)
    }

    /**
     * The same operation as one transaction. Each writer owns its keys, so nothing else commits
     * to them and the commit never conflicts (a conflict kills the child and fails the soak).
     * Merging reads the counter back: the transaction's own operands fold over its snapshot.
     */
    private fun commitTransaction(store: LsmStore, w: Int, op: Long, entries: List<Entry>, options: WriteOptions) {
        store.beginTransaction(TransactionOptions.defaults().writeOptions(options)).use { tx ->
            val counter = SoakWorkload.counter(w)
            var added = 0L
            val before = tx.get(counter)?.let { MergeOperators.uint64Value(it) } ?: 0L
            for (e in entries) when (e) {
                is Entry.Put -> tx.put(SoakWorkload.key(w, e.k), SoakWorkload.value(w, op, e.k))
                is Entry.Delete -> tx.delete(SoakWorkload.key(w, e.k))
                is Entry.Range -> tx.deleteRange(SoakWorkload.key(w, e.k), SoakWorkload.key(w, e.end))
                is Entry.Merge -> { tx.merge(counter, MergeOperators.uint64(e.amount)); added += e.amount }
            }
            val after = tx.get(counter)?.let { MergeOperators.uint64Value(it) } ?: 0L
            if (after != before + added) say("E transaction of w$w read its counter as $after, expected ${before + added}")
            tx.commit()
        }
    }

    /** A value read for key [k] of writer [w] must be one some operation of [w] wrote there. */
    private fun check(w: Int, k: Int, value: ByteArray?, what: String) {
        if (value == null) return
        val origin = SoakWorkload.origin(value)
        if (origin == null || origin.first != w || origin.third != k) {
            say("E $what: key w$w-k$k holds a value no write put there: ${value.decodeToString().take(40)}")
        }
    }

    private fun reader(store: LsmStore, random: Random) {
        val held = ArrayList<Triple<Snapshot, List<Pair<Int, Int>>, List<ByteArray?>>>()
        var iteration = 0L
        while (true) {
            iteration++
            val w = random.nextInt(SoakWorkload.WRITERS)
            when (random.nextInt(4)) {
                0 -> {
                    val k = random.nextInt(SoakWorkload.KEYS_PER_WRITER)
                    check(w, k, store.get(SoakWorkload.key(w, k)), "get")
                }
                1, 2 -> store.newCursor(ReadOptions.defaults()).use { c ->
                    val forward = random.nextBoolean()
                    val from = SoakWorkload.key(w, random.nextInt(SoakWorkload.KEYS_PER_WRITER))
                    if (forward) c.seek(from) else c.seekForPrev(from)
                    var previous: String? = null
                    var n = 0
                    while (c.isValid && n < 64) {
                        val key = c.key().decodeToString()
                        if (!key.startsWith("w")) break // the writers' counters lie outside the "w" keys
                        if (previous != null && (if (forward) key <= previous else key >= previous)) {
                            say("E cursor (${if (forward) "forward" else "backward"}) out of order: $previous then $key")
                        }
                        val kw = key.substring(1, key.indexOf('-')).toInt()
                        check(kw, key.substring(key.indexOf('k') + 1).toInt(), c.value(), "cursor")
                        previous = key
                        n++
                        if (forward) c.next() else c.prev()
                    }
                }
                else -> {
                    // Hold a snapshot for a while: what it showed must not change.
                    val snapshot = store.snapshot()
                    val keys = List(16) { w to random.nextInt(SoakWorkload.KEYS_PER_WRITER) }
                    val values = keys.map { (kw, k) -> store.get(SoakWorkload.key(kw, k), ReadOptions.at(snapshot)) }
                    held += Triple(snapshot, keys, values)
                }
            }
            if (held.isNotEmpty() && (held.size > 4 || random.nextInt(8) == 0)) {
                val (snapshot, keys, values) = held.removeAt(random.nextInt(held.size))
                snapshot.use {
                    for (i in keys.indices) {
                        val again = store.get(SoakWorkload.key(keys[i].first, keys[i].second), ReadOptions.at(snapshot))
                        if (!(again contentEqualsNullable values[i])) {
                            say("E snapshot read changed for w${keys[i].first}-k${keys[i].second}")
                        }
                    }
                }
            }
        }
    }

    private infix fun ByteArray?.contentEqualsNullable(other: ByteArray?): Boolean =
        if (this == null) other == null else other != null && contentEquals(other)

    private fun compactor(store: LsmStore, random: Random) {
        while (true) {
            Thread.sleep(200L + random.nextInt(600)) // pacing of manual work, not synchronisation
            when (random.nextInt(4)) {
                0 -> store.compactRange(null, null)
                1 -> store.flush()
                else -> {
                    val w = random.nextInt(SoakWorkload.WRITERS)
                    val a = random.nextInt(SoakWorkload.KEYS_PER_WRITER)
                    store.compactRange(SoakWorkload.key(w, a), SoakWorkload.key(w, minOf(a + 64, SoakWorkload.KEYS_PER_WRITER - 1)))
                }
            }
        }
    }

    private fun sampler(dir: Path) {
        val memory = ManagementFactory.getMemoryMXBean()
        val threads = ManagementFactory.getThreadMXBean()
        val mapped = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean::class.java).first { it.name == "mapped" }
        val fdDir = Path.of("/proc/self/fd")
        while (true) {
            val fds = Files.list(fdDir).use { it.count() }
            val dirBytes = Files.list(dir).use { s -> s.mapToLong { f -> try { Files.size(f) } catch (e: java.io.IOException) { 0 } }.sum() }
            say("S ${memory.heapMemoryUsage.used} $fds ${threads.threadCount} ${mapped.memoryUsed} $dirBytes")
            Thread.sleep(250) // sampling interval
        }
    }
}
