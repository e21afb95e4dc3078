// Writes a fuzz test's seed corpus where Jazzer's regression mode looks for it:
// src/test/resources/<package>/<TestClass>Inputs/<method>/. Used only by FuzzCorpusGenerator;
// single-threaded test code.
package dev.cairn.lsm.fuzz

import java.io.File

/** The seed directory of one @FuzzTest method, relative to the module directory. */
class SeedDirectory(testClass: Class<*>, method: String) {
    /** The directory. */
    val dir: File = File(
        "src/test/resources/" + testClass.packageName.replace('.', '/') + "/" + testClass.simpleName +
            "Inputs/" + method,
    )

    /**
     * Replaces the generated seeds (files named `seed-*`) with [seeds], keeping any other file
     * (inputs Jazzer saved as crashes, added by hand as regression cases).
     */
    fun replaceSeeds(seeds: Map<String, ByteArray>) {
        dir.mkdirs()
        dir.listFiles()?.filter { it.name.startsWith("seed-") }?.forEach { it.delete() }
        for ((name, bytes) in seeds) File(dir, "seed-$name").writeBytes(bytes)
    }
}
