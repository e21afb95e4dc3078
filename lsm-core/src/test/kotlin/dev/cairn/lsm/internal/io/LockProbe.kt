// A tiny program run in a child JVM by DirectoryLockSpec: tries to lock the directory given as
// its argument and prints LOCKED or REFUSED with the message.
package dev.cairn.lsm.internal.io

import dev.cairn.lsm.StoreLockedException
import okio.FileSystem
import okio.Path.Companion.toPath

object LockProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            DirectoryLock.acquire(FileSystem.SYSTEM, args[0].toPath()).close()
            println("LOCKED")
        } catch (e: StoreLockedException) {
            println("REFUSED: ${e.message}")
        }
    }
}

/** Runs [LockProbe] in a fresh JVM on [dir] and returns what it printed. */
internal fun probeLockFromAnotherProcess(dir: String): String {
    val java = System.getProperty("java.home") + "/bin/java"
    val process = ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        LockProbe::class.java.name, dir)
        .redirectErrorStream(true)
        .start()
    val output = process.inputStream.bufferedReader().readText()
    process.waitFor()
    return output.trim()
}
