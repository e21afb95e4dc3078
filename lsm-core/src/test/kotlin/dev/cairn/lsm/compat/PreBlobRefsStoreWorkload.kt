// The workload behind the pre-blob-refs fixture: a store with separated values written by the code
// before tables recorded their blob references (docs/format.md tag 15; commit 8022af5): an old
// level-0 table and a young one, each pointing into its own blob file, a column family "cf" with
// blob files of its own, and a few writes left in the log. Uses only API that code had.
// Single-threaded test code.
package dev.cairn.lsm.compat

import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.MutableClock
import okio.FileSystem
import okio.Path

object PreBlobRefsStoreWorkload {
    const val DIR = "/pre-blob-refs"
    const val HOUR = 3_600_000L
    /** When the old table was written; the young one was written ten hours later. */
    const val START = 1_000 * HOUR

    fun options(fs: FileSystem, clock: MutableClock): StoreOptions = StoreOptions.builder().fileSystem(fs)
        .memtableSizeBytes(1 shl 20).valueSeparationThreshold(1024).clock(clock).build()

    fun value(prefix: String, i: Int): String = "$prefix$i-" + ('a' + i % 26).toString().repeat(4096)

    /** Writes the store; returns what the default family and "cf" must read back (no TTL applied). */
    fun write(fs: FileSystem, dir: Path): Pair<Map<String, String>, Map<String, String>> {
        val main = sortedMapOf<String, String>()
        val cf = sortedMapOf<String, String>()
        val clock = MutableClock(START)
        LsmStore.open(dir, options(fs, clock)).use { db ->
            val family = db.createColumnFamily("cf", ColumnFamilyOptions.defaults())
            for (i in 0 until 12) {
                db.put("old%02d".format(i).encodeToByteArray(), value("old", i).encodeToByteArray())
                main["old%02d".format(i)] = value("old", i)
                db.put(family, "cf%02d".format(i).encodeToByteArray(), value("cf", i).encodeToByteArray())
                cf["cf%02d".format(i)] = value("cf", i)
            }
            db.put("small".encodeToByteArray(), "s".encodeToByteArray())
            main["small"] = "s"
            db.flush()
            db.flush(family)
            clock.advance(10 * HOUR)
            for (i in 0 until 8) {
                db.put("young%02d".format(i).encodeToByteArray(), value("young", i).encodeToByteArray())
                main["young%02d".format(i)] = value("young", i)
            }
            db.flush()
            db.put("logged".encodeToByteArray(), value("logged", 1).encodeToByteArray())
            main["logged"] = value("logged", 1)
        }
        return main to cf
    }
}
