// The streams a cairn run reads and writes, and whether a person watches: commands take them
// from here, never from System.*, so tests run commands in-process with captured output.
// Immutable holder; the streams themselves are the caller's.
package dev.cairn.lsm.tools;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Standard input, output and error of one run.
 *
 * @param in standard input ({@code load -})
 * @param out standard output, UTF-8; data and reports go here
 * @param err standard error, UTF-8; errors, summaries and progress bars go here
 * @param terminal whether a person is at a terminal (progress bars are drawn only then)
 */
record Io(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
}
