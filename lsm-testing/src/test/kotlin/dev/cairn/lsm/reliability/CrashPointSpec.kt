// Specifies crash safety under power cuts: at random moments (between operations and inside
// flush, compaction, log and manifest I/O) the state a power cut would leave is reopened and must
// equal the model at some write between the last durable and the last started one; synced writes
// are never lost and batches are never torn.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Encryption
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual

class CrashPointSpec : FunSpec({

    test("a power cut at any moment leaves a model prefix between the last synced and the last acknowledged write") {
        val total = CrashFigures()
        for (seed in Reliability.seeds(base = 41_000, ci = 6)) {
            val figures = withSeed("crash points", seed) {
                CrashRun(seed, opCount = 1500, ioCrashProbability = 0.015, opCrashProbability = 0.05, restartProbability = 0.002).run()
            }
            println("[figures] crash points, seed $seed: $figures")
            total += figures
        }
        println("[figures] crash points: $total")
        if (!Reliability.long && System.getProperty("cairn.seed") == null && System.getenv("CAIRN_SEED") == null) {
            total.crashPoints shouldBeGreaterThanOrEqual 500
        }
    }

    test("with encryption on, a power cut at any moment leaves a model prefix between the last synced and the last acknowledged write") {
        val total = CrashFigures()
        val encryption = Encryption.aesGcm(ByteArray(32) { (it * 5).toByte() })
        for (seed in Reliability.seeds(base = 41_100, ci = 2)) {
            val figures = withSeed("crash points (encrypted)", seed) {
                CrashRun(seed, opCount = 1500, ioCrashProbability = 0.015, opCrashProbability = 0.05, restartProbability = 0.002,
                    encryption = encryption).run()
            }
            println("[figures] crash points (encrypted), seed $seed: $figures")
            total += figures
        }
        println("[figures] crash points (encrypted): $total")
    }
})
