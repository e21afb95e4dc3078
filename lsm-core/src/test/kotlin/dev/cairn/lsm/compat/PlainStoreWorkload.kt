// A deterministic workload for the plain-format fixture: a fixed clock, no background flush or
// compaction of its own (a large memtable, a size-tiered picker that never triggers), so every
// byte of every file it leaves is the same on every run. PlainStoreFixtureGenerator writes its
// files with the code of the day; PlainFormatSpec compares later code against them. Uses only
// the API every format version has. Single-threaded test code.
package dev.cairn.lsm.compat

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import okio.FileSystem
import okio.Path
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset
import java.util.TreeMap

object PlainStoreWorkload {
    /** The directory, on the fake file system, the workload writes. */
    const val DIR = "/plain"

    fun options(fs: FileSystem): StoreOptions = StoreOptions.builder()
        .fileSystem(fs)
        .clock(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC))
        .blockSize(512)
        .backgroundThreads(1)
        .compaction(CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minThreshold(32).maxThreshold(32).build())
        .build()

    private fun key(i: Int) = "key-%04d".format(i)
    private fun value(i: Int, round: Int) = "value-$round-$i-" + "v".repeat(i % 23)

    /**
     * Writes the workload into [dir] and closes the store: two flushed tables compacted into
     * one, a third flushed table, and writes left only in the log.
     *
     * @return the contents a reader must see, by key
     */
    fun write(fs: FileSystem, dir: Path): Map<String, String> {
        val model = TreeMap<String, String>()
        LsmStore.open(dir, options(fs)).use { db ->
            fun put(i: Int, round: Int) { db.put(key(i).encodeToByteArray(), value(i, round).encodeToByteArray()); model[key(i)] = value(i, round) }
            for (i in 0 until 300) put(i, 1)
            for (i in 0 until 300 step 7) { db.delete(key(i).encodeToByteArray()); model.remove(key(i)) }
            db.flush()
            for (i in 150 until 350) put(i, 2)
            db.deleteRange(key(40).encodeToByteArray(), key(60).encodeToByteArray())
            model.keys.removeIf { it >= key(40) && it < key(60) }
            db.flush()
            db.compactRange(null, null)
            val batch = WriteBatch()
            for (i in 340 until 380) { batch.put(key(i).encodeToByteArray(), value(i, 3).encodeToByteArray()); model[key(i)] = value(i, 3) }
            db.write(batch)
            db.flush()
            for (i in 0 until 400 step 3) put(i, 4)
            db.delete(key(1).encodeToByteArray()); model.remove(key(1))
        }
        return model
    }
}
