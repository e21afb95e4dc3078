// Specifies how cairn treats a store another process holds: writing commands refuse it (exit 3)
// naming the holding process, found through the kernel's lock table; a store held in this very
// process is refused the same way. The holder is a child JVM (StoreHolder) that opens the store
// and waits for its standard input to close.
package dev.cairn.lsm.tools

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** The child process: opens the store named by args[0], prints OPEN, holds it until stdin closes. */
object StoreHolder {
    @JvmStatic
    fun main(args: Array<String>) {
        LsmStore.open(Path.of(args[0]), StoreOptions.defaults()).use {
            println("OPEN")
            System.out.flush()
            while (System.`in`.read() >= 0) { /* hold */ }
        }
    }
}

class LockedStoreSpec : FunSpec({

    test("a writing command refuses a store another process holds, naming that process; reading commands work beside it") {
        withTempDir { tmp ->
            val db = tmp.resolve("store")
            cairn("--db", db.toString(), "put", "a", "1").code shouldBe 0
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val child = ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                StoreHolder::class.java.name, db.toString()).redirectErrorStream(true).start()
            try {
                child.inputStream.bufferedReader().readLine() shouldBe "OPEN"
                for (cmd in listOf(listOf("put", "b", "2"), listOf("delete", "a"), listOf("compact"))) {
                    val r = cairn("--db", db.toString(), *cmd.toTypedArray())
                    r.code shouldBe ExitCode.IO
                    val line = r.oneLineError()
                    line shouldContain "is locked"
                    line shouldContain "process ${child.pid()}"
                }
                // reading commands open the store read-only and work beside the holder
                cairn("--db", db.toString(), "get", "a").out shouldBe "1\n"
                cairn("--db", db.toString(), "dump", "--quiet").out shouldBe "{\"key\": \"a\", \"value\": \"1\"}\n"
                cairn("--db", db.toString(), "verify").code shouldBe 0
                cairn("--db", db.toString(), "checkpoint", tmp.resolve("cp").toString()).code shouldBe 0
                cairn("--db", tmp.resolve("cp").toString(), "get", "a").out shouldBe "1\n"
            } finally {
                child.outputStream.close()
                child.waitFor(30, TimeUnit.SECONDS)
                child.destroyForcibly()
            }
            cairn("--db", db.toString(), "put", "b", "2").code shouldBe 0
        }
    }

    test("a store open in this process is refused the same way") {
        withTempDir { tmp ->
            val db = tmp.resolve("store")
            LsmStore.open(db, StoreOptions.defaults()).use {
                val r = cairn("--db", db.toString(), "put", "a", "1")
                r.code shouldBe ExitCode.IO
                r.oneLineError() shouldContain "is locked"
            }
        }
    }
})
