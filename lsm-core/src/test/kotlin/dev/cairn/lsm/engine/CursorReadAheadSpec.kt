// A cursor stepping forward reads several entries ahead: random walks of next and prev across
// those batches (large values among them), with changes of direction anywhere inside one, agree
// with a sorted map; and a failure met while reading ahead is raised at the step that reaches
// it, not earlier.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

class CursorReadAheadSpec : FunSpec({
    test("random walks of next and prev across read-ahead batches agree with a sorted map") {
        for (seed in 1L..6L) {
            val r = Random(seed)
            val model = StoreModel()
            val options = StoreOptions.builder().fileSystem(FakeFileSystem()).blockSize(256).build()
            LsmStore.open("/db".toPath(), options).use { db ->
                repeat(3) {
                    repeat(400) {
                        val k = testKey(r.nextInt(600))
                        if (r.nextInt(5) == 0) {
                            db.delete(k); model.delete(k)
                        } else {
                            // Some values are over ReadAhead.LARGE_VALUE: referred to, not copied.
                            val size = if (r.nextInt(12) == 0) r.nextInt(8_000, 20_000) else r.nextInt(0, 300)
                            val v = ByteArray(size).also { r.nextBytes(it) }
                            db.put(k, v); model.put(k, v)
                        }
                    }
                    if (r.nextBoolean()) db.flush()
                }
                db.newCursor().use { c ->
                    var at: Key? = null
                    repeat(40) { walk ->
                        val target = testKey(r.nextInt(600))
                        c.seek(target)
                        at = model.map.ceilingKey(Key(target))
                        repeat(r.nextInt(1, 150)) { step ->
                            withClue("seed=$seed walk=$walk step=$step at=$at") {
                                (if (c.isValid) Key(c.key()) else null) shouldBe at
                                if (c.isValid) {
                                    c.value().contentEquals(model.map[at]!!) shouldBe true
                                    if (r.nextInt(8) == 0) {
                                        c.prev(); at = model.map.lowerKey(at!!)
                                    } else {
                                        c.next(); at = model.map.higherKey(at!!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    test("a forward scan shows every entry before a damaged block and fails at the step onto it") {
        val fs = FakeFileSystem()
        val options = StoreOptions.builder().fileSystem(fs).blockSize(256).build()
        val keys = 400
        LsmStore.open("/db".toPath(), options).use { db ->
            for (k in 0 until keys) db.put(testKey(k), "value-$k".repeat(4).toByteArray())
            db.flush()
        }
        val table = fs.list("/db".toPath()).single { it.name.endsWith(".sst") }
        val bytes = fs.read(table) { readByteArray() }
        val at = bytes.size / 3
        bytes[at] = (bytes[at].toInt() xor 0x5A).toByte()
        fs.write(table) { write(bytes) }

        LsmStore.open("/db".toPath(), options).use { db ->
            val shown = mutableListOf<String>()
            shouldThrow<CorruptionException> {
                db.newCursor().use { c ->
                    c.seekToFirst()
                    while (c.isValid) {
                        shown += String(c.key())
                        c.next()
                    }
                }
            }
            shown.size shouldBeGreaterThan 0
            shown.size shouldBeLessThan keys
            shown shouldBe (0 until shown.size).map { String(testKey(it)) }
            String(db.get(testKey(shown.size - 1))!!) shouldBe "value-${shown.size - 1}".repeat(4)
            shouldThrow<CorruptionException> { db.get(testKey(shown.size)) }
        }
    }

    test("cursors opened one after another on a thread, some still open, each read their own entries") {
        // A closed cursor's read-ahead arrays go to the next cursor opened on its thread.
        val r = Random(11)
        val model = StoreModel()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(FakeFileSystem()).blockSize(256).build()).use { db ->
            repeat(800) {
                val k = testKey(r.nextInt(500))
                val v = ByteArray(r.nextInt(0, 400)).also { r.nextBytes(it) }
                db.put(k, v); model.put(k, v)
            }
            db.flush()
            val open = ArrayDeque<Pair<dev.cairn.lsm.Cursor, Key?>>()
            repeat(300) { round ->
                if (open.isNotEmpty() && (open.size > 3 || r.nextBoolean())) {
                    val (c, _) = open.removeAt(r.nextInt(open.size))
                    c.close()
                }
                val c = db.newCursor()
                val target = testKey(r.nextInt(520))
                c.seek(target)
                open.addLast(c to model.map.ceilingKey(Key(target)))
                // every open cursor steps and still agrees with the model
                for (i in open.indices) {
                    val (cursor, at) = open[i]
                    withClue("round=$round cursor=$i at=$at") {
                        (if (cursor.isValid) Key(cursor.key()) else null) shouldBe at
                        if (cursor.isValid) {
                            cursor.value().toList() shouldBe model.map[at]!!.toList()
                            cursor.next()
                        }
                    }
                    open[i] = cursor to (at?.let { model.map.higherKey(it) })
                }
            }
            open.forEach { it.first.close() }
        }
    }
})
