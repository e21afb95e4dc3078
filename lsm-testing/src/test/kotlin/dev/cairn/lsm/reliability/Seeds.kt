// Seeds and run lengths for the reliability suites: a fixed seed list in CI, more in long mode
// (CAIRN_LONG=1 or -Dcairn.long=true), and a single replayed seed with CAIRN_SEED / -Dcairn.seed.
package dev.cairn.lsm.reliability

/** Run-length settings shared by the suites. */
object Reliability {
    /** Long mode: more rounds and seeds, for manual runs. */
    val long: Boolean =
        System.getProperty("cairn.long")?.let { it != "false" } ?: (System.getenv("CAIRN_LONG")?.let { it != "0" } ?: false)

    private val replay: Long? = (System.getProperty("cairn.seed") ?: System.getenv("CAIRN_SEED"))?.toLong()

    /** [ci] seeds normally, [ci] * [factor] in long mode, or just the replayed seed. */
    fun seeds(base: Long, ci: Int, factor: Int = 10): List<Long> =
        replay?.let { listOf(it) } ?: List(if (long) ci * factor else ci) { base + it }

    /** [ci] normally, [ci] * [factor] in long mode. */
    fun rounds(ci: Int, factor: Int = 10): Int = if (long) ci * factor else ci
}

/** Runs [body]; on failure rethrows with the seed and how to replay it in the message. */
inline fun <T> withSeed(suite: String, seed: Long, body: () -> T): T {
    try {
        return body()
    } catch (e: Throwable) {
        throw AssertionError("$suite failed with seed $seed (replay: -Dcairn.seed=$seed or CAIRN_SEED=$seed): ${e.message}", e)
    }
}
