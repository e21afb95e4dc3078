// Records, while a test runs a named phase, the state a power cut just before each file operation
// would leave (a crash clone), together with what the store must read back after it. Thread-safe:
// background flushes and compactions report their operations from their own threads.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import dev.cairn.lsm.LsmStore
import okio.FileSystem
import okio.Path
import java.util.Random
import java.util.concurrent.atomic.AtomicReference

/** Every operation a power cut is taken before: writes, syncs, renames, deletes, opens, directory creations. */
val CUT_BEFORE_FILE_OPERATIONS = setOf(FaultOperation.WRITE, FaultOperation.SYNC, FaultOperation.RENAME,
    FaultOperation.DELETE, FaultOperation.OPEN, FaultOperation.CREATE_DIRECTORY)

/**
 * One power cut: where it fell ("phase: before OP path"), the disk it left, and what the store
 * must read back from it.
 */
data class PowerCut<T>(val where: String, val disk: CrashFileSystem, val expected: T)

/**
 * Hands the store [fileSystem]; inside [during] every operation in [cutBefore] first records a
 * [PowerCut] with the [expected] state set at that moment. Crash clones draw their randomness from
 * [seed].
 */
class PhasePowerCuts<T>(private val crash: CrashFileSystem, seed: Long,
                        private val cutBefore: Set<FaultOperation> = CUT_BEFORE_FILE_OPERATIONS) {
    private val random = Random(seed)
    private val phase = AtomicReference("")
    private val recorded = ArrayList<PowerCut<T>>()
    private val state = AtomicReference<T>()

    /** What a power cut taken now must read back. */
    var expected: T
        get() = state.get()
        set(value) = state.set(value)

    /** The file system to open the store on. */
    val fileSystem: FileSystem = FaultFileSystem(crash).observe { op, path ->
        val name = phase.get()
        if (name.isNotEmpty() && op in cutBefore) {
            synchronized(recorded) {
                recorded += PowerCut("$name: before $op $path", crash.crashClone(Random(random.nextLong()), 0.5), state.get())
            }
        }
    }

    /** Runs [body] as phase [name]: every file operation in it is preceded by a recorded power cut. */
    fun <R> during(name: String, body: () -> R): R {
        phase.set(name)
        try {
            return body()
        } finally {
            phase.set("")
        }
    }

    /** The power cuts recorded so far. */
    fun cuts(): List<PowerCut<T>> = synchronized(recorded) { recorded.toList() }
}

/** Polls until [ok] holds (two minutes at most), naming [what] and the store's figures if it never does. */
fun awaitTrue(what: String, db: LsmStore, ok: () -> Boolean) {
    val deadline = System.currentTimeMillis() + 120_000
    while (!ok()) {
        check(System.currentTimeMillis() < deadline) { "$what never happened: ${db.stats()}" }
        Thread.sleep(5)
    }
}

/**
 * Waits until the blob files in [dir] are exactly those the families of [db] name. Background work
 * started at open (a TTL drop, or a blob collection, that the power cut came before) may be
 * deleting one right now; a blob file no family names that stays is a leak and fails here.
 */
fun awaitBlobFilesNamed(db: LsmStore, fs: FileSystem, dir: Path) {
    awaitTrue("the blob files on disk matching the manifest", db) {
        val named = db.columnFamilies().sumOf { db.stats(it).blobFileCount() }
        fs.list(dir).count { it.name.endsWith(".blob") } == named
    }
}
