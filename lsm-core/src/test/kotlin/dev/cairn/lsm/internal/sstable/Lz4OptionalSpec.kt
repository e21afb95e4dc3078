// Specifies that LZ4 is an optional dependency of lsm-core. Cairn's classes, okio and the Kotlin
// standard library are loaded into a class loader of their own that cannot see net.jpountz (as in
// an application that did not add at.yawk.lz4:lz4-java), and the store is driven through its
// public API by reflection: a store without compression works; Compression.LZ4 is refused at open
// and an LZ4 table is refused at read, each with an LsmException naming the artifact to add, and
// no NoClassDefFoundError.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.reflect.InvocationTargetException
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path

/** Cairn as an application without lz4-java on its class path sees it, driven by reflection. */
private class CairnWithoutLz4 : AutoCloseable {
    private val loader = URLClassLoader(
        "cairn-without-lz4",
        // lsm-core's classes and its required dependencies (okio, the Kotlin stdlib, the SLF4J API), and nothing else
        listOf(LsmStore::class.java, okio.FileSystem::class.java, Unit::class.java, org.slf4j.LoggerFactory::class.java)
            .map { it.protectionDomain.codeSource.location }.distinct().toTypedArray(),
        ClassLoader.getPlatformClassLoader(),
    )

    fun canSeeLz4(): Boolean = try {
        Class.forName(Lz4Library.PROBE_CLASS, false, loader)
        true
    } catch (e: ClassNotFoundException) {
        false
    }

    /** Opens [dir] with [compression] and runs [body] on the store object. */
    fun <T> withStore(dir: Path, compression: String, body: (Any) -> T): T {
        val optionsClass = loader.loadClass(StoreOptions::class.java.name)
        val builder = call { optionsClass.getMethod("builder").invoke(null) }
        val compressionClass = loader.loadClass(Compression::class.java.name)
        val value = compressionClass.getMethod("valueOf", String::class.java).invoke(null, compression)
        call { builder.javaClass.getMethod("compression", compressionClass).invoke(builder, value) }
        val options = call { builder.javaClass.getMethod("build").invoke(builder) }
        val storeClass = loader.loadClass(LsmStore::class.java.name)
        val store = call { storeClass.getMethod("open", Path::class.java, optionsClass).invoke(null, dir, options) }
        try {
            return body(store)
        } finally {
            call { storeClass.getMethod("close").invoke(store) }
        }
    }

    fun put(store: Any, key: String, value: String) {
        call { store.javaClass.getMethod("put", ByteArray::class.java, ByteArray::class.java)
            .invoke(store, key.encodeToByteArray(), value.encodeToByteArray()) }
    }

    fun get(store: Any, key: String): String? =
        call { store.javaClass.getMethod("get", ByteArray::class.java).invoke(store, key.encodeToByteArray()) }
            ?.let { (it as ByteArray).decodeToString() }

    fun flush(store: Any) {
        call { store.javaClass.getMethod("flush").invoke(store) }
    }

    /** Unwraps reflection so the store's own exception is what the spec sees. */
    private fun <T> call(body: () -> T): T = try {
        body()
    } catch (e: InvocationTargetException) {
        throw e.targetException
    }

    override fun close() = loader.close()
}

/** The store's exception, seen from outside its class loader: an LsmException by name. */
private fun Throwable.shouldBeLsmExceptionNamingTheArtifact() {
    var type: Class<*>? = javaClass
    while (type != null && type.name != "dev.cairn.lsm.LsmException") type = type.superclass
    (type != null) shouldBe true
    (this is LinkageError) shouldBe false
    message shouldContain "at.yawk.lz4:lz4-java"
}

class Lz4OptionalSpec : FunSpec({

    test("the isolated class loader really hides the LZ4 library") {
        CairnWithoutLz4().use { it.canSeeLz4() shouldBe false }
    }

    test("without lz4-java, a store without compression is written, flushed and read") {
        val dir = Files.createTempDirectory("cairn-nolz4-")
        try {
            CairnWithoutLz4().use { cairn ->
                cairn.withStore(dir, "NONE") { store ->
                    for (i in 0 until 100) cairn.put(store, "k$i", "v$i".repeat(20))
                    cairn.flush(store)
                    cairn.get(store, "k42") shouldBe "v42".repeat(20)
                }
                cairn.withStore(dir, "NONE") { store -> cairn.get(store, "k7") shouldBe "v7".repeat(20) }
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("without lz4-java, opening a store configured with Compression.LZ4 is refused before anything is written") {
        val dir = Files.createTempDirectory("cairn-nolz4-").resolve("store")
        try {
            CairnWithoutLz4().use { cairn ->
                val e = shouldThrow<Throwable> { cairn.withStore(dir, "LZ4") { } }
                e.shouldBeLsmExceptionNamingTheArtifact()
                e.message shouldContain "Compression.LZ4"
                Files.exists(dir) shouldBe false
            }
        } finally {
            dir.parent.toFile().deleteRecursively()
        }
    }

    test("without lz4-java, reading a table written with LZ4 raises an LsmException naming the artifact") {
        val dir = Files.createTempDirectory("cairn-nolz4-")
        try {
            // Written where the library is present (this spec's own class path).
            LsmStore.open(dir, StoreOptions.builder().compression(Compression.LZ4).build()).use { store ->
                for (i in 0 until 200) store.put("k$i".encodeToByteArray(), "compressible value ".repeat(10).encodeToByteArray())
                store.flush()
            }
            CairnWithoutLz4().use { cairn ->
                cairn.withStore(dir, "NONE") { store ->
                    val e = shouldThrow<Throwable> { cairn.get(store, "k5") }
                    e.shouldBeLsmExceptionNamingTheArtifact()
                    e.message shouldContain ".sst holds an LZ4-compressed block"
                    // The failure is not remembered as if the data were bad: asked again, same answer.
                    shouldThrow<Throwable> { cairn.get(store, "k6") }.shouldBeLsmExceptionNamingTheArtifact()
                }
            }
            // With the library, the same store reads back.
            LsmStore.open(dir, StoreOptions.defaults()).use { store ->
                store.get("k5".encodeToByteArray())!!.decodeToString() shouldBe "compressible value ".repeat(10)
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})
