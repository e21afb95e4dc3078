// Specification of approximateNumEntries past the exactly counted size: the bytes-based estimate
// stays within a factor of two of the true count once the records are in tables (a memtable's
// fixed index, an eighth of its planned size, is counted as records: a small store on a big
// memtable runs high, which the exact count up to EntryEstimate.COUNTED hides).
package dev.cairn.lsm.kafka

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeBetween
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class EntryEstimateSpec : FunSpec({
    test("a store larger than the counted limit is estimated from its bytes within a factor of two") {
        val dir = Files.createTempDirectory("cairn-estimate")
        try {
            LsmStore.open(dir, StoreOptions.builder().memtableSizeBytes(1L shl 20).build()).use { db ->
                for (i in 0 until 20_000) db.put(KeySpace.record("key-%06d".format(i).toByteArray()), ByteArray(40) { i.toByte() })
                db.flush()
                EntryEstimate.of(db, 100_000) shouldBe 20_000L
                EntryEstimate.of(db, 1_000).shouldBeBetween(10_000L, 40_000L)
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})
