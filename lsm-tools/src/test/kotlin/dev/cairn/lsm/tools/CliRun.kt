// Runs cairn commands in-process with captured stdout, stderr and exit code, the way the tool's
// specs drive it; and small helpers for scratch stores. Each call builds a fresh command line.
package dev.cairn.lsm.tools

import com.google.gson.JsonElement
import com.google.gson.JsonParser
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/** What one run printed and returned. */
class CliResult(val code: Int, val outBytes: ByteArray, val err: String) {
    val out: String get() = outBytes.toString(Charsets.UTF_8)
    fun json(): JsonElement = JsonParser.parseString(out)
    override fun toString() = "exit $code, stdout [${out.take(2000)}], stderr [${err.take(2000)}]"
}

/** Runs `cairn args...` with [stdin] as standard input. */
fun cairn(vararg args: String, stdin: ByteArray = ByteArray(0)): CliResult {
    val out = ByteArrayOutputStream()
    val err = ByteArrayOutputStream()
    val outStream = PrintStream(out, true, Charsets.UTF_8)
    val errStream = PrintStream(err, true, Charsets.UTF_8)
    val code = Cairn.commandLine(ByteArrayInputStream(stdin), outStream, errStream, false).execute(*args)
    outStream.flush()
    errStream.flush()
    return CliResult(code, out.toByteArray(), err.toString(Charsets.UTF_8))
}

/** Runs [block] with a fresh temporary directory, removed afterwards. */
fun <T> withTempDir(block: (Path) -> T): T {
    val dir = Files.createTempDirectory("cairn-cli-")
    try {
        return block(dir)
    } finally {
        dir.toFile().deleteRecursively()
    }
}

/** Stderr is one line, names no Java exception class and holds no stack trace. */
fun CliResult.oneLineError(): String {
    val lines = err.trimEnd().lines()
    check(lines.size == 1) { "expected one line on stderr: $this" }
    check(!err.contains("Exception") && !err.contains("\tat ")) { "stderr shows an exception: $this" }
    return lines[0]
}
