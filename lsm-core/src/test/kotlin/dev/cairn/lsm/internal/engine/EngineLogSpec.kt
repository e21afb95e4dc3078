// Specification of the engine's log lines that an operator reads first: the recovery summary says
// what was replayed and what was dropped under which WAL recovery mode.
package dev.cairn.lsm.internal.engine

import dev.cairn.lsm.WalRecoveryMode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class EngineLogSpec : FunSpec({
    test("the recovery summary names what was replayed and what was dropped under which mode") {
        EngineLog.summary("/data/s", 2, 120, 4096, 77, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, 1, 512) shouldBe
            "recovered store /data/s: replayed 120 record(s), 4096 bytes, from 2 write-ahead log(s); last sequence 77;" +
            " recovery mode SKIP_ANY_CORRUPTED_RECORDS, dropped 1 damaged record(s), 512 bytes"
        EngineLog.summary("/data/s", 1, 0, 0, 0, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 0, 0) shouldBe
            "recovered store /data/s: nothing to replay; last sequence 0; recovery mode TOLERATE_CORRUPTED_TAIL_RECORDS," +
            " nothing dropped"
    }
})
