package dev.cairn.lsm.coroutines
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
class SmokeSpec : FunSpec({ test("serializer exists") { Placeholder.serializer().descriptor.elementsCount shouldBe 1 } })
