// Writes the committed seed corpus of every lsm-core fuzz test (small valid inputs and a few
// damaged ones) under src/test/resources. Not part of the suite (its name matches neither
// *Spec nor *Test); run it by name after changing a format or a seed:
//   mvn -B -o test -pl lsm-core -Dtest=FuzzCorpusGenerator
// Deterministic: the same sources write the same files. Single-threaded.
package dev.cairn.lsm.fuzz

import dev.cairn.lsm.internal.batch.BatchFormatFuzzTest
import dev.cairn.lsm.internal.crypto.EncryptionHeaderFuzzTest
import dev.cairn.lsm.internal.manifest.ManifestFuzzTest
import dev.cairn.lsm.internal.sstable.BlockFuzzTest
import dev.cairn.lsm.internal.sstable.FooterFuzzTest
import dev.cairn.lsm.internal.sstable.TableReaderFuzzTest
import dev.cairn.lsm.internal.wal.LogReaderFuzzTest
import org.junit.jupiter.api.Test

class FuzzCorpusGenerator {
    /** Replaces the generated seeds of every fuzz test method. */
    @Test
    fun writeSeeds() {
        val all = linkedMapOf(
            LogReaderFuzzTest::class.java to LogReaderFuzzTest.seeds(),
            ManifestFuzzTest::class.java to ManifestFuzzTest.seeds(),
            BatchFormatFuzzTest::class.java to BatchFormatFuzzTest.seeds(),
            BlockFuzzTest::class.java to BlockFuzzTest.seeds(),
            FooterFuzzTest::class.java to FooterFuzzTest.seeds(),
            TableReaderFuzzTest::class.java to TableReaderFuzzTest.seeds(),
            EncryptionHeaderFuzzTest::class.java to EncryptionHeaderFuzzTest.seeds(),
        )
        for ((testClass, byMethod) in all) {
            for ((method, seeds) in byMethod) SeedDirectory(testClass, method).replaceSeeds(seeds)
        }
    }
}
