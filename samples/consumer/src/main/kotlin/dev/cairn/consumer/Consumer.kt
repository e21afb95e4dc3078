// What a user's program does with Cairn from its published artifacts: open a store through the
// Java engine, write and read, then open it again through the Kotlin face and read it back.
// Any mismatch throws, which fails the build that runs it.
package dev.cairn.consumer

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.coroutines.Store
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import java.nio.file.Files

fun main() = runBlocking {
    val dir = Files.createTempDirectory("cairn-consumer")
    try {
        LsmStore.open(dir, StoreOptions.defaults()).use { db ->
            db.write(WriteBatch().put("a".toByteArray(), "1".toByteArray()).put("b".toByteArray(), "2".toByteArray()))
            check(db.get("a".toByteArray())!!.decodeToString() == "1") { "lsm-core read back the wrong value" }
        }
        Store.open(dir).use { store ->
            store.put("c".toByteArray(), "3".toByteArray())
            val all = store.scan().toList().map { it.key.decodeToString() to it.value.decodeToString() }
            check(all == listOf("a" to "1", "b" to "2", "c" to "3")) { "lsm-coroutines scanned $all" }
        }
        println("consumer check passed: wrote and read through lsm-core and lsm-coroutines")
    } finally {
        dir.toFile().deleteRecursively()
    }
}
