// Writes the committed seed corpus of the Kotlin layer's fuzz tests under src/test/resources,
// where Jazzer's regression mode looks for it (<package>/<TestClass>Inputs/<method>/). Not part
// of the suite (its name matches neither *Spec nor *Test); run it by name after changing a
// format or a seed:  mvn -B -o test -pl lsm-coroutines -am -Dtest=FuzzCorpusGenerator
//   -Dsurefire.failIfNoSpecifiedTests=false
// Deterministic. Generated files are named seed-*; other files (saved crashes) are kept.
package dev.cairn.lsm.coroutines

import org.junit.jupiter.api.Test
import java.io.File

class FuzzCorpusGenerator {
    /** Replaces the generated seeds of every fuzz test method. */
    @Test
    fun writeSeeds() {
        val all = linkedMapOf(
            OrderedKeyFormatFuzzTest::class.java to OrderedKeyFormatFuzzTest.seeds(),
            CompactValueFormatFuzzTest::class.java to CompactValueFormatFuzzTest.seeds(),
        )
        for ((testClass, byMethod) in all) {
            for ((method, seeds) in byMethod) {
                val dir = File(
                    "src/test/resources/" + testClass.packageName.replace('.', '/') + "/" +
                        testClass.simpleName + "Inputs/" + method,
                )
                dir.mkdirs()
                dir.listFiles()?.filter { it.name.startsWith("seed-") }?.forEach { it.delete() }
                for ((name, bytes) in seeds) File(dir, "seed-$name").writeBytes(bytes)
            }
        }
    }
}
