// Turns whatever a command threw into the one line and exit code a person or script sees:
// corruption 2, a locked store or an I/O failure 3, something missing 4, bad input 1.
// Stateless.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreLockedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Classifies failures. */
final class Failures {
    private Failures() {
    }

    /**
     * @param t what a command threw
     * @return the same failure as a ToolException with its exit code and a one-line message
     */
    static ToolException classify(Throwable t) {
        if (t instanceof ToolException e) {
            return e;
        }
        Throwable corrupt = causeOf(t, CorruptionException.class);
        if (corrupt != null) {
            return new ToolException(ExitCode.CORRUPTION, "corruption: " + oneLine(corrupt.getMessage()), t);
        }
        Throwable locked = causeOf(t, StoreLockedException.class);
        if (locked != null) {
            return new ToolException(ExitCode.IO, oneLine(locked.getMessage()), t);
        }
        Throwable io = causeOf(t, IOException.class);
        if (io instanceof FileNotFoundException || io instanceof NoSuchFileException) {
            return new ToolException(ExitCode.NOT_FOUND, "not found: " + oneLine(io.getMessage()), t);
        }
        if (t instanceof IllegalArgumentException) {
            return new ToolException(ExitCode.USAGE, oneLine(t.getMessage()), t);
        }
        if (t instanceof LsmException || io != null) {
            return new ToolException(ExitCode.IO, oneLine(t.getMessage()), t);
        }
        return new ToolException(ExitCode.IO, "unexpected failure: " + oneLine(String.valueOf(t))
                + " (run with --verbose for the stack trace)", t);
    }

    private static Throwable causeOf(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    static String oneLine(String s) {
        // The engine tells a library user how to give an encrypted store's key; here it is an option.
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ')
                .replace("(StoreOptions.builder().encryption(...))", "(give it with --key-file FILE)");
    }
}
