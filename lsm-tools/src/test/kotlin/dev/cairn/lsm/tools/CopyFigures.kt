// Measures the figures docs/tools.md and the README quote (not a test: timings never are):
// checkpoint time and bytes copied for a ~1 GB store with hard links and with copies, backup and
// restore rates, and the rates of `cairn load` and `cairn dump` on a 1 M-line file. Run with the
// test classpath: java -cp ... dev.cairn.lsm.tools.CopyFigures [DIR] [GIB].
package dev.cairn.lsm.tools

import dev.cairn.lsm.Backups
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.internal.engine.StoreCopy
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path.Companion.toOkioPath
import java.nio.file.Files
import java.nio.file.Path
import java.util.SplittableRandom

object CopyFigures {
    private fun seconds(start: Long) = (System.nanoTime() - start) / 1e9
    private fun mib(bytes: Long) = bytes / (1024.0 * 1024.0)

    @JvmStatic
    fun main(args: Array<String>) {
        val root = Path.of(args.getOrElse(0) { "/tmp/cairn-figures" })
        val gib = args.getOrElse(1) { "1" }.toDouble()
        root.toFile().deleteRecursively()
        Files.createDirectories(root)
        val db = root.resolve("db")
        val entries = (gib * 1024 * 1024).toLong() // ~1 KiB per entry
        val random = SplittableRandom(1)
        var start = System.nanoTime()
        LsmStore.open(db, StoreOptions.defaults()).use { store ->
            val value = ByteArray(1000)
            var batch = WriteBatch()
            for (i in 0 until entries) {
                random.nextBytes(value)
                batch.put("key%012d".format(random.nextLong(entries * 4)).toByteArray(), value)
                if (i % 100 == 99L) {
                    store.write(batch, WriteOptions.noSync()); batch = WriteBatch()
                }
            }
            store.write(batch, WriteOptions.noSync())
            store.flush()
            for (i in 0 until 1000) store.put("late$i".toByteArray(), value) // something in the memtable
            val tables = store.stats().tableBytes()
            println("store: ${"%.0f".format(mib(tables))} MiB of tables, ${store.stats().tableCount()} tables, filled in ${"%.1f".format(seconds(start))} s")

            start = System.nanoTime()
            val linked = StoreCopy.of(store).use { it.writeCheckpoint(FileSystem.SYSTEM, root.resolve("cp-link").toOkioPath()) }
            println("checkpoint, hard links: ${"%.2f".format(seconds(start))} s, ${linked.linked} tables linked, " +
                "${linked.copied} files written, ${"%.1f".format(mib(linked.bytesCopied))} MiB written")

            val notSystem = object : ForwardingFileSystem(FileSystem.SYSTEM) {}
            start = System.nanoTime()
            val copied = StoreCopy.of(store).use { it.writeCheckpoint(notSystem, root.resolve("cp-copy").toOkioPath()) }
            val t = seconds(start)
            println("checkpoint, copies: ${"%.2f".format(t)} s, ${copied.copied} files, ${"%.0f".format(mib(copied.bytesCopied))} MiB " +
                "(${"%.0f".format(mib(copied.bytesCopied) / t)} MiB/s)")

            Backups.open(root.resolve("backups")).use { b ->
                start = System.nanoTime()
                val first = b.create(store)
                var s = seconds(start)
                println("backup 1: ${"%.2f".format(s)} s, ${"%.0f".format(mib(first.bytes))} MiB (${"%.0f".format(mib(first.bytes) / s)} MiB/s)")
                for (i in 0 until 10_000) store.put("more$i".toByteArray(), value)
                store.flush()
                val before = DirectoryGrowth.size(root.resolve("backups"))
                start = System.nanoTime()
                val second = b.create(store)
                s = seconds(start)
                println("backup 2 (incremental, after 10 k more puts): ${"%.2f".format(s)} s, " +
                    "${"%.1f".format(mib(DirectoryGrowth.size(root.resolve("backups")) - before))} MiB new of ${"%.0f".format(mib(second.bytes))} MiB")
                start = System.nanoTime()
                b.restore(second.id, root.resolve("restored"))
                s = seconds(start)
                println("restore: ${"%.2f".format(s)} s, ${"%.0f".format(mib(second.bytes))} MiB (${"%.0f".format(mib(second.bytes) / s)} MiB/s)")
            }
        }

        val lines = 1_000_000
        val file = root.resolve("load.jsonl")
        Files.newBufferedWriter(file).use { w ->
            for (i in 0 until lines) w.write("{\"key\": \"key%08d\", \"value\": \"value number %d with some text\"}\n".format(i, i))
        }
        val size = Files.size(file)
        start = System.nanoTime()
        val load = cairn("--db", root.resolve("loaded").toString(), "load", file.toString())
        check(load.code == 0) { load.toString() }
        var s = seconds(start)
        println("load: $lines lines, ${"%.0f".format(mib(size))} MiB in ${"%.1f".format(s)} s: ${"%.0f".format(lines / s)} lines/s, ${"%.1f".format(mib(size) / s)} MiB/s")
        start = System.nanoTime()
        val dump = cairn("--db", root.resolve("loaded").toString(), "dump", "--out", root.resolve("dump.jsonl").toString())
        check(dump.code == 0) { dump.toString() }
        s = seconds(start)
        println("dump: $lines lines in ${"%.1f".format(s)} s: ${"%.0f".format(lines / s)} lines/s; identical: ${Files.mismatch(file, root.resolve("dump.jsonl")) == -1L}")
        root.toFile().deleteRecursively()
    }
}
