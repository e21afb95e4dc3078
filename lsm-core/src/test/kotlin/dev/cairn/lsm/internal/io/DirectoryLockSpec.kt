// Specification of the store directory lock: one holder per directory per JVM on any file
// system, plus an OS file lock on the system file system.
package dev.cairn.lsm.internal.io

import dev.cairn.lsm.StoreLockedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.nio.channels.FileChannel
import java.nio.channels.OverlappingFileLockException
import java.nio.file.Files
import java.nio.file.StandardOpenOption

class DirectoryLockSpec : FunSpec({

    test("a second acquire in the same process fails naming the directory, and works after release") {
        val fs = FakeFileSystem()
        val dir = "/stores/a".toPath()
        fs.createDirectories(dir)
        val lock = DirectoryLock.acquire(fs, dir)
        val e = shouldThrow<StoreLockedException> { DirectoryLock.acquire(fs, dir) }
        e.message shouldContain "/stores/a"
        e.message shouldContain "already open"
        // The same directory spelled differently is still the same directory.
        shouldThrow<StoreLockedException> { DirectoryLock.acquire(fs, "/stores/./b/../a".toPath()) }
        lock.close()
        lock.close()
        DirectoryLock.acquire(fs, dir).close()
        fs.list(dir).map { it.name } shouldBe listOf("LOCK")
        fs.checkNoOpenFiles()
    }

    test("separate file systems and separate directories do not conflict") {
        val a = FakeFileSystem()
        val b = FakeFileSystem()
        listOf(a, b).forEach { it.createDirectories("/s/x".toPath()); it.createDirectories("/s/y".toPath()) }
        val locks = listOf(
            DirectoryLock.acquire(a, "/s/x".toPath()),
            DirectoryLock.acquire(b, "/s/x".toPath()),
            DirectoryLock.acquire(a, "/s/y".toPath()),
        )
        locks.forEach { it.close() }
        a.checkNoOpenFiles()
        b.checkNoOpenFiles()
    }

    test("on the system file system the LOCK file is locked for other processes too") {
        val nio = Files.createTempDirectory("cairn-lock")
        try {
            val dir = nio.toString().toPath()
            val lock = DirectoryLock.acquire(FileSystem.SYSTEM, dir)
            shouldThrow<StoreLockedException> { DirectoryLock.acquire(FileSystem.SYSTEM, dir) }
                .message shouldContain nio.toString()
            // An OS-level lock is held: the JVM reports it as overlapping for any other channel.
            FileChannel.open(nio.resolve("LOCK"), StandardOpenOption.WRITE).use { ch ->
                shouldThrow<OverlappingFileLockException> { ch.tryLock() }
            }
            lock.close()
            FileChannel.open(nio.resolve("LOCK"), StandardOpenOption.WRITE).use { ch ->
                ch.tryLock()!!.release()
            }
            DirectoryLock.acquire(FileSystem.SYSTEM, dir).close()
        } finally {
            nio.toFile().deleteRecursively()
        }
    }

    test("another process cannot open a directory this process holds") {
        val nio = Files.createTempDirectory("cairn-lock-xproc")
        try {
            val dir = nio.toString().toPath()
            DirectoryLock.acquire(FileSystem.SYSTEM, dir).use {
                val output = probeLockFromAnotherProcess(nio.toString())
                output shouldContain "REFUSED"
                output shouldContain nio.toString()
                output shouldContain "another process"
            }
            probeLockFromAnotherProcess(nio.toString()) shouldBe "LOCKED"
        } finally {
            nio.toFile().deleteRecursively()
        }
    }

    test("a directory sync on the system file system succeeds") {
        val nio = Files.createTempDirectory("cairn-sync")
        try {
            DirectorySyncer.sync(FileSystem.SYSTEM, nio.toString().toPath())
            DirectorySyncer.sync(FakeFileSystem(), "/".toPath())
        } finally {
            nio.toFile().deleteRecursively()
        }
    }
})
