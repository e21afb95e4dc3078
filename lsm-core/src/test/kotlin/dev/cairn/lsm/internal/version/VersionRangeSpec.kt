// Specification of Version's two range checks: outsideRange, the branch-free form the point-read
// path folds into its bloom-filter exit, always agrees with contains, edges included.
package dev.cairn.lsm.internal.version

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import dev.cairn.lsm.internal.manifest.FileMetadata
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import kotlin.random.Random

class VersionRangeSpec : FunSpec({
    fun key(random: Random): ByteArray =
        ByteArray(random.nextInt(0, 6)) { byteArrayOf(0x00, 0x01, 0x7F, 0x80.toByte(), 0xFF.toByte())[random.nextInt(5)] }

    test("outsideRange is 1 exactly when contains is false, for keys at, inside and beyond a table's ends") {
        checkAll(300, PropTestConfig(seed = 20261123L), Arb.long()) { seed ->
            withClue("seed=$seed") {
                val random = Random(seed)
                val ends = listOf(key(random), key(random)).sortedWith(InternalKey::compareUserKeys)
                val f = FileMetadata(1, 100, InternalKey.encode(ends[0], 5, ValueKind.PUT),
                    InternalKey.encode(ends[1], 3, ValueKind.PUT), 3, 5, 0, 0, 2, 0, 0, 0)
                val probes = List(20) { key(random) } + ends
                for (k in probes) {
                    Version.outsideRange(f, k) shouldBe (if (Version.contains(f, k)) 0 else 1)
                }
            }
        }
    }
})
