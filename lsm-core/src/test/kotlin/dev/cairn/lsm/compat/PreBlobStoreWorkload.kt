// The workload behind the pre-blob fixture: a store with values from a few bytes to several KiB,
// some deleted, some flushed and compacted, some left in the log, written by the code before value
// separation existed (commit 8a197d5). Uses only API that code had. Single-threaded test code.
package dev.cairn.lsm.compat

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import okio.FileSystem
import okio.Path

object PreBlobStoreWorkload {
    const val DIR = "/pre-blob"

    fun options(fs: FileSystem): StoreOptions = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(64 * 1024).build()

    fun value(i: Int, round: Int): String = "v$i.$round-" + ('a' + (i + round) % 26).toString().repeat((i * 173 + round * 37) % 4000)

    /** Writes the store and returns what it must read back. */
    fun write(fs: FileSystem, dir: Path): Map<String, String> {
        val expected = sortedMapOf<String, String>()
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 24) {
                val k = "k%02d".format(i)
                db.put(k.encodeToByteArray(), value(i, 0).encodeToByteArray())
                expected[k] = value(i, 0)
            }
            db.flush()
            for (i in 0 until 24 step 3) {
                val k = "k%02d".format(i)
                db.put(k.encodeToByteArray(), value(i, 1).encodeToByteArray())
                expected[k] = value(i, 1)
            }
            db.delete("k05".encodeToByteArray())
            expected.remove("k05")
            db.flush()
            db.compactRange(null, null)
            for (i in 1 until 24 step 4) {
                val k = "k%02d".format(i)
                db.put(k.encodeToByteArray(), value(i, 2).encodeToByteArray())
                expected[k] = value(i, 2)
            }
        }
        return expected
    }
}
