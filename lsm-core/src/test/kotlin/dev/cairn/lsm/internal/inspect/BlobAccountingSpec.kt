// Specifies the value-log accounting check behind `cairn verify`: tables' recorded blob references
// (docs/format.md tag 15) against each live blob file's records not counted as garbage.
package dev.cairn.lsm.internal.inspect

import dev.cairn.lsm.internal.manifest.BlobRefs
import dev.cairn.lsm.internal.manifest.FileMetadata
import dev.cairn.lsm.internal.version.TestVersions
import dev.cairn.lsm.internal.vlog.BlobFileState
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.string.shouldContain

private fun table(number: Long, refs: BlobRefs) =
    FileMetadata(number, 100, byteArrayOf(1), byteArrayOf(2), 1, 2, 3, 4, 5, 0, 0, 6).withBlobRefs(refs)

private fun refs(vararg files: Pair<Long, Long>) = BlobRefs.of(files.associate { (f, n) -> f to longArrayOf(n, n * 100) })

/** Blob file 9: 5 records, 2 of them garbage (3 live). */
private val blobs = mapOf(9L to BlobFileState(9, 5, 500, 2, 200))

private fun findings(vararg tables: FileMetadata): Pair<List<String>, List<String>> {
    val damage = ArrayList<String>()
    val leaks = ArrayList<String>()
    BlobAccounting.check(TestVersions.withBlobs(blobs, tables.toList()), damage, leaks)
    return damage to leaks
}

class BlobAccountingSpec : FunSpec({
    test("tables pointing to exactly the live records of each blob file are consistent") {
        val (damage, leaks) = findings(table(1, refs(9L to 2)), table(2, refs(9L to 1)), table(3, BlobRefs.NONE))
        damage.shouldBeEmpty()
        leaks.shouldBeEmpty()
    }

    test("a pointer into a blob file that is not live, or into more records than are live, is damage") {
        findings(table(1, refs(9L to 3, 7L to 1))).first.single() shouldContain "000007.blob, which the manifest does not name"
        findings(table(1, refs(9L to 4))).first.single() shouldContain "point to 4 records of 000009.blob, which has 3"
    }

    test("live records no table points to are a leak; not counted when some table's references were not counted") {
        findings(table(1, refs(9L to 2))).second.single() shouldContain "1 records of 000009.blob are named by no table"
        val (damage, leaks) = findings(table(1, refs(9L to 2)), table(2, BlobRefs.UNKNOWN))
        damage.shouldBeEmpty()
        leaks shouldHaveSize 0
    }
})
