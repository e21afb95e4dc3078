package dev.cairn.lsm
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
class SmokeSpec : FunSpec({ test("one plus one") { (1 + 1) shouldBe 2 } })
