package dev.cairn.lsm.engine

import dev.cairn.lsm.Limits
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

/** Bad arguments are refused with a message naming the problem, before anything is written. */
class BadInputSpec : FunSpec({
    val fs = FakeFileSystem()
    val db = LsmStore.open("/bad".toPath(), StoreOptions.builder().fileSystem(fs).build())
    afterSpec { db.close(); fs.checkNoOpenFiles() }

    val nul: ByteArray? = null
    val big = ByteArray(Limits.MAX_KEY_SIZE + 1)

    test("null keys and values are refused") {
        shouldThrow<IllegalArgumentException> { db.put(nul, byteArrayOf()) }.message shouldContain "key"
        shouldThrow<IllegalArgumentException> { db.put(byteArrayOf(), nul) }.message shouldContain "value"
        shouldThrow<IllegalArgumentException> { db.get(nul) }.message shouldContain "key"
        shouldThrow<IllegalArgumentException> { db.delete(nul) }.message shouldContain "key"
        shouldThrow<IllegalArgumentException> { db.deleteRange(nul, byteArrayOf()) }.message shouldContain "from"
        shouldThrow<IllegalArgumentException> { db.write(null) }.message shouldContain "batch"
        shouldThrow<IllegalArgumentException> { db.get(byteArrayOf(), null) }.message shouldContain "options"
    }

    test("oversized keys and values are refused with the limit in the message") {
        shouldThrow<IllegalArgumentException> { db.put(big, byteArrayOf()) }.message shouldContain "${Limits.MAX_KEY_SIZE}"
        shouldThrow<IllegalArgumentException> { db.put(byteArrayOf(1), ByteArray(Limits.MAX_VALUE_SIZE + 1)) }
            .message shouldContain "${Limits.MAX_VALUE_SIZE}"
        shouldThrow<IllegalArgumentException> { db.get(big) }.message shouldContain "${Limits.MAX_KEY_SIZE}"
        shouldThrow<IllegalArgumentException> { WriteBatch().put(big, byteArrayOf()) }
    }

    test("a read, a batch and Limits refuse an oversized key with the same message: one rule") {
        val check = shouldThrow<IllegalArgumentException> { Limits.checkKey(big, "key") }.message
        shouldThrow<IllegalArgumentException> { db.get(big) }.message shouldBe check
        shouldThrow<IllegalArgumentException> { WriteBatch().put(big, byteArrayOf()) }.message shouldBe check
        shouldThrow<IllegalArgumentException> { db.compactRange(big, null) }.message shouldStartWith "from is"
    }

    test("a reversed range is refused and nothing is deleted") {
        db.put("m".toByteArray(), "v".toByteArray())
        shouldThrow<IllegalArgumentException> { db.deleteRange("z".toByteArray(), "a".toByteArray()) }.message shouldContain "reversed"
        shouldThrow<IllegalArgumentException> { db.compactRange("z".toByteArray(), "a".toByteArray()) }.message shouldContain "reversed"
        db.get("m".toByteArray())!!.decodeToString() shouldBe "v"
    }

    test("a batch with one bad operation is refused when built, and earlier writes survive") {
        val batch = WriteBatch().put("a".toByteArray(), "1".toByteArray())
        shouldThrow<IllegalArgumentException> { batch.put(big, byteArrayOf()) }
        db.write(batch, WriteOptions.sync())
        db.get("a".toByteArray())!!.decodeToString() shouldBe "1"
    }

    test("empty keys and empty values are valid and round-trip through flush") {
        db.put(byteArrayOf(), byteArrayOf())
        db.get(byteArrayOf()) shouldBe byteArrayOf()
        db.flush()
        db.get(byteArrayOf()) shouldBe byteArrayOf()
    }

    test("a snapshot of another store is refused") {
        val other = LsmStore.open("/other".toPath(), StoreOptions.builder().fileSystem(fs).build())
        other.snapshot().use { s ->
            shouldThrow<IllegalArgumentException> { db.get(byteArrayOf(), ReadOptions.at(s)) }
        }
        other.close()
    }
})
