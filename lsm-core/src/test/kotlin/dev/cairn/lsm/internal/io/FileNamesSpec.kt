// Specification of store file names: each kind builds and parses back; foreign names are ignored.
package dev.cairn.lsm.internal.io

import dev.cairn.lsm.internal.io.FileNames.FileType
import dev.cairn.lsm.internal.io.FileNames.ParsedName
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll

class FileNamesSpec : FunSpec({

    test("names are zero-padded to six digits") {
        FileNames.wal(7) shouldBe "000007.wal"
        FileNames.table(8) shouldBe "000008.sst"
        FileNames.manifest(5) shouldBe "MANIFEST-000005"
        FileNames.table(12_345_678) shouldBe "12345678.sst"
        FileNames.temp(FileNames.table(8)) shouldBe "000008.sst.tmp"
    }

    test("every name Cairn writes parses back to its type and number") {
        checkAll(500, PropTestConfig(seed = 808L), Arb.long(0L..Long.MAX_VALUE)) { n ->
            FileNames.parse(FileNames.wal(n)) shouldBe ParsedName(FileType.WAL, n)
            FileNames.parse(FileNames.table(n)) shouldBe ParsedName(FileType.TABLE, n)
            FileNames.parse(FileNames.manifest(n)) shouldBe ParsedName(FileType.MANIFEST, n)
            FileNames.parse(FileNames.temp(FileNames.table(n))) shouldBe ParsedName(FileType.TEMP, n)
        }
        FileNames.parse("CURRENT") shouldBe ParsedName(FileType.CURRENT, 0)
        FileNames.parse("LOCK") shouldBe ParsedName(FileType.LOCK, 0)
        FileNames.parse("CURRENT.tmp") shouldBe ParsedName(FileType.TEMP, 0)
    }

    test("foreign names parse to null") {
        for (name in listOf("", "7.wal", "0000007.wal", "00000a.sst", "-00001.sst", "000001.log", "MANIFEST-",
            "MANIFEST-12", "manifest-000001", "LOCK.tmp", "000001.sst.tmp.tmp", ".DS_Store", "99999999999999999999.sst",
            "+00001.sst", "000001.SST")) {
            FileNames.parse(name).shouldBeNull()
        }
    }
})
