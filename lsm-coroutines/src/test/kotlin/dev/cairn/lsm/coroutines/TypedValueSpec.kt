// TypedValue: DataStore-style single values with defaults, atomic updates, a data Flow, and a
// corruption handler.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import okio.fakefilesystem.FakeFileSystem

@Serializable
enum class Theme { LIGHT, DARK }

@Serializable
@SerialName("Settings")
data class Settings(val theme: Theme = Theme.LIGHT, val fontSize: Int = 12)

@Serializable
@SerialName("Settings")
data class SettingsV2(val theme: Theme = Theme.LIGHT, val fontSize: Int = 12, val language: String = "en")

class TypedValueSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("a value reads its default until first written, then what was written") {
        openStore(fs).use { store ->
            val settings = store.value("settings", Settings())
            settings.get() shouldBe Settings()
            settings.update { it.copy(theme = Theme.DARK) } shouldBe Settings(Theme.DARK)
            settings.data.first() shouldBe Settings(Theme.DARK)
        }
    }

    test("data emits the current value, then each change") {
        openStore(fs).use { store ->
            val settings = store.value("settings", Settings())
            settings.data.test {
                awaitItem() shouldBe Settings()
                settings.update { it.copy(fontSize = 14) }
                awaitItem() shouldBe Settings(fontSize = 14)
                settings.update { it } // unchanged: nothing written, nothing emitted
                store.write { settings.set(Settings(Theme.DARK, 14)) }
                awaitItem() shouldBe Settings(Theme.DARK, 14)
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("updates are atomic with respect to each other") {
        openStore(fs).use { store ->
            val counter = store.value("counter", 0)
            coroutineScope { (1..100).map { async { counter.update { it + 1 } } }.awaitAll() }
            counter.get() shouldBe 100
        }
    }

    test("a value written by an older version of its type still decodes") {
        openStore(fs).use { store ->
            store.value("settings", Settings()).update { it.copy(theme = Theme.DARK) }
            store.value("settings", SettingsV2()).get() shouldBe SettingsV2(Theme.DARK, 12, "en")
        }
    }

    test("a value that no longer decodes throws CorruptionException by default") {
        openStore(fs).use { store ->
            store.put(ByteKeys.valueKey("settings"), byteArrayOf(0x55))
            val settings = store.value("settings", Settings())
            shouldThrow<CorruptionException> { settings.get() }
            shouldThrow<CorruptionException> { settings.data.first() }
        }
    }

    test("replaceWithDefault replaces an undecodable value with the default") {
        openStore(fs).use { store ->
            store.put(ByteKeys.valueKey("settings"), byteArrayOf(0x55))
            val settings = store.value("settings", Settings(fontSize = 20), CorruptionHandler.replaceWithDefault())
            settings.data.first() shouldBe Settings(fontSize = 20)
            store.value("settings", Settings()).get() shouldBe Settings(fontSize = 20) // stored
        }
    }
})
